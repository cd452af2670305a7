import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useRecommendations } from '../../api/matching';
import { FormAlert } from '../../components/FormAlert';
import { OverflowCard } from '../overflow/OverflowCard';

/** How many picks the home shows; the board's For you tab has the rest. */
const SHOWN = 3;

/** A few of the board's "For you" picks on the home page, with a link to the whole tab. */
export function ForYouPreview() {
  const recs = useRecommendations(true);
  const items = recs.data?.pages.flatMap((page) => page.items).slice(0, SHOWN) ?? [];
  const basis = recs.data?.pages[0]?.basis;
  const noSkills = basis && basis.verifiedSkills.length === 0 && basis.declaredSkills.length === 0;

  return (
    <Card component="section" aria-labelledby="for-you-heading">
      <Title order={2} fz="lg" id="for-you-heading">
        For you
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Open overflow that needs the skills of your verified work and your profile.
      </Text>
      {recs.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading picks for you">
          <Skeleton height={150} />
        </Stack>
      ) : recs.isError ? (
        <FormAlert message={recs.error.message} title="We could not load your picks" />
      ) : noSkills ? (
        <Text size="sm">
          No skills on your profile yet, so there is nothing to pick.{' '}
          <Anchor component={Link} to="/settings/profile?focus=skills" fw={600}>
            Add skills to get picks
          </Anchor>
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm">
          Nothing new for your skills right now.{' '}
          <Anchor component={Link} to="/board" fw={600}>
            Browse the whole board
          </Anchor>
        </Text>
      ) : (
        <Stack gap="md">
          <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((overflow) => (
              <li key={overflow.id}>
                <OverflowCard
                  overflow={overflow}
                  headingOrder={3}
                  showMatch
                  mySkills={new Set([...overflow.match.verifiedSkills, ...overflow.match.declaredSkills])}
                />
              </li>
            ))}
          </Stack>
          <Group>
            <Button
              component={Link}
              to="/board?view=for-you"
              variant="light"
              rightSection={<IconArrowRight size={16} aria-hidden="true" />}
            >
              More on the board’s For you tab
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
