import { Anchor, Card, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useKeepInTouch } from '../../api/network';
import { KeepInTouchList } from '../ties/KeepInTouch';

/**
 * The home page's keep-in-touch nudges: shown only when a tie has gone quiet, each with a concrete way to
 * give (the list itself is the ties page's; both read the same query, so this costs no second request).
 */
export function KeepInTouchPreview() {
  const keepInTouch = useKeepInTouch();
  if (!keepInTouch.data || keepInTouch.data.items.length === 0) return null;
  return (
    <Card component="section" aria-labelledby="keep-in-touch-home-heading">
      <Title order={2} fz="lg" id="keep-in-touch-home-heading">
        Keep in touch
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Ties that have been quiet for {keepInTouch.data.quietAfterDays} days, with something you could give.{' '}
        <Anchor component={Link} to="/ties" fw={600}>
          All your ties
        </Anchor>
      </Text>
      <KeepInTouchList />
    </Card>
  );
}
