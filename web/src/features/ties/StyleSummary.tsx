import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Ledger } from '../../api/ties';
import { formatWeight } from './BalanceBar';
import classes from './Ties.module.css';

/** Badge colours chosen for ≥ 4.5:1 contrast with white text. */
const STYLES: Record<Ledger['style'], { label: string; color: string; rule: string }> = {
  giver: { label: 'Giver', color: '#0b6b52', rule: 'Givers give 60 % or more of everything exchanged.' },
  matcher: {
    label: 'Matcher',
    color: '#3745a8',
    rule: 'Matchers keep things even: between 40 % and 60 % given.',
  },
  taker: { label: 'Taker', color: '#a63c0c', rule: 'Takers give 40 % or less of everything exchanged.' },
  new: { label: 'New', color: '#5a6169', rule: 'Your style shows once a little has been given or received.' },
};

/** Your giving style, its explanation and your totals, with where you sit between taker and giver. */
export function StyleSummary({ ledger }: { ledger: Ledger }) {
  const style = STYLES[ledger.style];
  const total = ledger.given + ledger.received;
  const share = total > 0 ? Math.round((ledger.given / total) * 100) : null;

  return (
    <Card component="section" aria-labelledby="style-heading" className={classes.styleCard}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={{ base: 'lg', md: 40 }}>
        <Stack gap="sm">
          <Group gap="sm" align="center">
            <Title order={2} id="style-heading" fz="lg">
              Your giving style
            </Title>
            <Badge size="lg" color={style.color} variant="filled" tt="none">
              {style.label}
            </Badge>
          </Group>
          <Text fw={600}>{ledger.styleExplanation}</Text>
          <Text c="dimmed" size="sm">
            {style.rule}
          </Text>
        </Stack>
        <Stack gap="md">
          <Group gap="xl" wrap="nowrap">
            <Stack gap={0}>
              <Text size="sm" c="dimmed" fw={600}>
                Given
              </Text>
              <Text fz={32} fw={750} lh={1.1} c="stream.8">
                {formatWeight(ledger.given)}
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text size="sm" c="dimmed" fw={600}>
                Received
              </Text>
              <Text fz={32} fw={750} lh={1.1}>
                {formatWeight(ledger.received)}
              </Text>
            </Stack>
          </Group>
          <div>
            <div className={classes.scale} aria-hidden="true">
              <span className={classes.scaleTaker}>Taker</span>
              <span className={classes.scaleMatcher}>Matcher</span>
              <span className={classes.scaleGiver}>Giver</span>
              {share !== null && ledger.style !== 'new' && (
                <span className={classes.scaleMarker} style={{ left: `${share}%` }} />
              )}
            </div>
            <Text size="xs" c="dimmed" mt={6}>
              {share === null
                ? 'Nothing given or received yet. '
                : `${share} % of everything exchanged was given by you. `}
              Help counts by its effort hours; a thank-you note or an ask counts 1.
            </Text>
          </div>
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
