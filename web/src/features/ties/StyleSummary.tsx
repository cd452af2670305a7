import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Ledger } from '../../api/ties';
import { formatWeight } from './BalanceBar';
import classes from './Ties.module.css';

/**
 * Badge colours chosen for ≥ 4.5:1 contrast with white text. No red anywhere: "receiving more" is a phase,
 * not a verdict (someone who mostly posts work is still giving opportunity, reviews and endorsements).
 */
const STYLES: Record<Ledger['style'], { label: string; color: string; rule: string }> = {
  giver: { label: 'Giver', color: '#0b6b52', rule: 'Givers give 60 % or more of everything exchanged.' },
  matcher: {
    label: 'Matcher',
    color: '#3745a8',
    rule: 'Matchers keep things even: between 40 % and 60 % given.',
  },
  taker: {
    label: 'Receiving more',
    color: '#5a6169',
    rule: 'You have given 40 % or less of everything exchanged so far.',
  },
  new: { label: 'Not enough history yet', color: '#5a6169', rule: '' },
};

type Parts = Ledger['reasons']['given'];

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The parts of one side, with their units: "12 hours of help, 2 reviews and 2 endorsements". */
export function describeParts(p: Parts, side: 'given' | 'received'): string[] {
  const out: string[] = [];
  if (p.helpHours > 0) out.push(`${count(p.helpHours, 'hour', 'hours')} of help`);
  if (p.opportunities > 0)
    out.push(
      side === 'given'
        ? count(p.opportunities, 'piece of work', 'pieces of work')
        : `${count(p.opportunities, 'piece of work', 'pieces of work')} to do`,
    );
  if (p.reviews > 0) out.push(count(p.reviews, 'review', 'reviews'));
  if (p.endorsements > 0) out.push(count(p.endorsements, 'endorsement', 'endorsements'));
  if (p.thanks > 0) out.push(count(p.thanks, 'thank-you note', 'thank-you notes'));
  return out;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The reason, as a sentence composed from the figures the server sends. */
export function styleReason(ledger: Ledger): string {
  const received = describeParts(ledger.reasons.received, 'received');
  const given = describeParts(ledger.reasons.given, 'given');
  if (received.length === 0 && given.length === 0) return 'Nothing given or received yet.';
  if (received.length === 0) return `You gave ${joinAnd(given)}.`;
  if (given.length === 0) return `You received ${joinAnd(received)}, and have not given anything yet.`;
  return `You received ${joinAnd(received)} and gave ${joinAnd(given)}.`;
}

/** Your giving style, always with its reasons, and your totals with their units. */
export function StyleSummary({ ledger }: { ledger: Ledger }) {
  const style = STYLES[ledger.style];
  const total = ledger.given + ledger.received;
  const share = total > 0 ? Math.round((ledger.given / total) * 100) : null;
  const shown = ledger.style !== 'new';

  return (
    <Card component="section" aria-labelledby="style-heading" className={classes.styleCard}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={{ base: 'lg', md: 40 }}>
        <Stack gap="sm">
          <Group gap="sm" align="center">
            <Title order={2} id="style-heading" fz="lg">
              Your giving style
            </Title>
            <Badge size="lg" color={style.color} variant={shown ? 'filled' : 'light'} tt="none">
              {style.label}
            </Badge>
          </Group>
          <Text fw={600} data-testid="style-reason">
            {styleReason(ledger)}
          </Text>
          <Text>{ledger.styleExplanation}</Text>
          {shown ? (
            <Text c="dimmed" size="sm">
              {style.rule}
            </Text>
          ) : (
            <Text c="dimmed" size="sm">
              {ledger.completedEngagements} of {ledger.completedEngagements + ledger.styleNeeds} completed
              engagements so far: {count(ledger.styleNeeds, 'more is', 'more are')} needed, as a helper or as
              an owner.
            </Text>
          )}
        </Stack>
        <Stack gap="md">
          <Group gap="xl" wrap="nowrap">
            <Stack gap={0}>
              <Text size="sm" c="dimmed" fw={600}>
                Given
              </Text>
              <Text fz={32} fw={750} lh={1.1} c="var(--app-accent-text)">
                {formatWeight(ledger.given)}
                <Text span size="sm" fw={600} c="dimmed">
                  {' '}
                  {ledger.given === 1 ? 'unit' : 'units'}
                </Text>
              </Text>
            </Stack>
            <Stack gap={0}>
              <Text size="sm" c="dimmed" fw={600}>
                Received
              </Text>
              <Text fz={32} fw={750} lh={1.1}>
                {formatWeight(ledger.received)}
                <Text span size="sm" fw={600} c="dimmed">
                  {' '}
                  {ledger.received === 1 ? 'unit' : 'units'}
                </Text>
              </Text>
            </Stack>
          </Group>
          <div>
            {shown && (
              <div className={classes.scale} aria-hidden="true">
                <span className={classes.scaleTaker}>Receiving</span>
                <span className={classes.scaleMatcher}>Matcher</span>
                <span className={classes.scaleGiver}>Giver</span>
                {share !== null && <span className={classes.scaleMarker} style={{ left: `${share}%` }} />}
              </div>
            )}
            <Text size="xs" c="dimmed" mt={6}>
              {share === null || !shown ? '' : `${share} % of everything exchanged was given by you. `}
              One unit is one hour of help. An owner who gives out work, reviews the delivery within the
              review window and endorses it gives as many units as the hours of help they got; a thank-you
              note counts 1, a direct ask 0.
            </Text>
          </div>
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
