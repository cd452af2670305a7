import '@mantine/charts/styles.css';
import { BarChart, type BarChartSeries } from '@mantine/charts';
import { Alert, Button, Container, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconClockHour4, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { useInstance } from '../../api/instance';
import {
  useInstanceInsights,
  type Correlation,
  type InstanceInsights,
  type InstanceInsightsData,
} from '../../api/insights';
import { useSession } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ChartCard, day, Figure, InsightsTabs, Legend, percent, plural, type Column } from './InsightsParts';

type Quartile = InstanceInsightsData['quartiles'][number];

/** `/insights/instance`: the same question asked of the whole community (admins, or public). */
export function CommunityInsightsPage() {
  useDocumentTitle('Community insights');
  const session = useSession();
  const instance = useInstance();
  const insights = useInstanceInsights();
  const location = useLocation();
  const signedIn = !!session.data;
  return (
    <Container size="lg">
      <PageHeader
        title="Community insights"
        description="Does the network follow the work? Members grouped by the work they delivered in one period, against the ties, direct asks and invitations they gained in the next."
      />
      {signedIn && <InsightsTabs />}
      {insights.isPending ? (
        <Stack gap="lg">
          <Skeleton height={90} />
          <Skeleton height={320} />
        </Stack>
      ) : insights.isError ? (
        insights.error instanceof ApiError &&
        (insights.error.status === 401 || insights.error.status === 403) ? (
          <EmptyState
            icon={<IconLock size={26} />}
            title="These insights are private"
            action={
              !signedIn && (
                <Button
                  component={Link}
                  to={`/signin?next=${encodeURIComponent(location.pathname)}`}
                  variant="light"
                >
                  Sign in
                </Button>
              )
            }
          >
            {`The administrators of ${instance.data?.name ?? 'this instance'} have not made the community insights public. Administrators can see them, and can make them public in the admin settings.`}
          </EmptyState>
        ) : (
          <FormAlert message={insights.error.message} title="We could not load the community insights" />
        )
      ) : (
        <Snapshot view={insights.data} isAdmin={session.data?.member.role === 'admin'} />
      )}
    </Container>
  );
}

function Snapshot({ view, isAdmin }: { view: InstanceInsights; isAdmin: boolean }) {
  const data = view.insights;
  if (!data || !view.computedAt) {
    return (
      <EmptyState icon={<IconClockHour4 size={26} />} title="Not computed yet">
        The community insights are computed by a daily job, the first time shortly after the server starts.
        Come back in a little while.
      </EmptyState>
    );
  }
  const p = data.period;
  const work = `${day(p.workFrom)} – ${day(p.workTo)}`;
  const network = `${day(p.networkFrom)} – ${day(p.networkTo)}`;
  const t = data.ties;
  const rows = data.quartiles.map((q) => ({ ...q, label: quartileLabel(q) }));
  const columns: Column<Quartile>[] = [
    { label: 'Group', value: (q) => `Quartile ${q.quartile}` },
    { label: 'Members', value: (q) => q.members, numeric: true },
    { label: 'Completed (range)', value: (q) => range(q), numeric: true },
    {
      label: 'Mean rating',
      value: (q) => (q.ratingMean === null ? '—' : q.ratingMean.toFixed(1)),
      numeric: true,
    },
    { label: 'Ties per member', value: (q) => q.tiesMean.toFixed(2), numeric: true },
    { label: 'Asks per member', value: (q) => q.asksMean.toFixed(2), numeric: true },
    { label: 'Invitations per member', value: (q) => q.invitationsMean.toFixed(2), numeric: true },
  ];

  return (
    <Stack gap="xl">
      <Text size="sm" c="dimmed">
        Computed {formatDateTime(view.computedAt)} (once a day).{' '}
        {isAdmin &&
          (view.public ? 'Public: anyone can see this page.' : 'Private: only administrators see this page.')}
      </Text>
      <Alert
        variant="light"
        color="stream"
        icon={<IconInfoCircle size={20} aria-hidden="true" />}
        title="The answer, in words"
      >
        <Stack gap="xs">
          <Text size="sm">
            {correlationWords(data.correlation, work, network, 'ties, direct asks and invitations')}
          </Text>
          {data.tiesCorrelation && (
            <Text size="sm">
              {`Ties alone: ρ = ${data.tiesCorrelation.rho.toFixed(2)}${interval(data.tiesCorrelation)}.`}
            </Text>
          )}
          {p.young && (
            <Text size="sm" c="dimmed">
              {p.days < 1
                ? 'The community is less than two days old, too young to compare one period with the next: its life so far is split in two halves of less than a day each, so read these figures as a first sketch.'
                : `The community is younger than two 90-day periods, so the periods are the two halves of its life so far (${plural(p.days, 'day')} each).`}
            </Text>
          )}
        </Stack>
      </Alert>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Figure
          label="Ties from work"
          value={percent(t.fromWork, t.total)}
          hint={`${t.fromWork} of ${plural(t.total, 'tie')} formed from a completed engagement`}
        />
        <Figure
          label="Ties from notes"
          value={percent(t.fromNoticed, t.total)}
          hint={`${t.fromNoticed} from an accepted noticed note`}
        />
        <Figure
          label="Transactional ties"
          value={percent(t.transactional, t.total)}
          hint="only one side has ever given"
        />
        <Figure
          label="First offer → first tie"
          value={days(data.firstOfferToFirstTie.medianDays)}
          hint={`median, over ${plural(data.firstOfferToFirstTie.members, 'member')} with both`}
        />
      </SimpleGrid>

      <ChartCard
        title="Delivered work and the network that followed"
        summary={quartileWords(data, work, network)}
        caption={`Members grouped by engagements completed ${work}, and what each gained on average ${network}`}
        rows={data.quartiles}
        columns={columns}
        chart={
          <>
            <BarChart
              h={300}
              data={rows}
              dataKey="label"
              type="stacked"
              maxBarWidth={56}
              valueFormatter={(v) => v.toFixed(2)}
              series={QUARTILE_SERIES}
            />
            <Legend series={QUARTILE_SERIES} />
          </>
        }
      />
      <Text size="sm" c="dimmed">
        {`${plural(data.members, 'member')} who had joined by ${day(p.workTo)}. Spearman's ρ ranks members by engagements completed and by what they gained (equal values share their average rank); the 95 % interval is Fisher's z with n − 3. A correlation is not a cause.`}
      </Text>
    </Stack>
  );
}

const days = (d: number | null) =>
  d === null ? '—' : d < 1 ? '< 1 day' : plural(Math.round(d * 10) / 10, 'day');
const range = (q: Quartile) =>
  q.completedMin === q.completedMax ? `${q.completedMin}` : `${q.completedMin}–${q.completedMax}`;
const quartileLabel = (q: Quartile) => `Q${q.quartile}: ${range(q)} done`;

function interval(c: Correlation): string {
  return c.low === null || c.high === null
    ? `, n = ${c.n} (too few members for an interval)`
    : `, 95 % CI ${c.low.toFixed(2)} to ${c.high.toFixed(2)}, n = ${c.n}`;
}

/** "Members who delivered more in Jan–Mar gained more ties in Apr–Jun: Spearman ρ = 0.41, 95 % CI 0.12–0.63, n = 48." */
export function correlationWords(c: Correlation | null, work: string, network: string, what: string): string {
  if (!c) {
    return `No answer yet: in ${work} nobody completed an engagement (or everybody completed the same number), so there is nothing to rank.`;
  }
  const direction =
    c.rho > 0.05
      ? `gained more ${what}`
      : c.rho < -0.05
        ? `gained fewer ${what}`
        : `gained about as many ${what} as the others`;
  const certain =
    c.low === null || c.high === null
      ? ''
      : c.low > 0 || c.high < 0
        ? ' The interval leaves out zero: unlikely to be chance alone.'
        : ' The interval includes zero: with this many members, it could be chance.';
  return `Members who delivered more in ${work} ${direction} in ${network}: Spearman ρ = ${c.rho.toFixed(2)}${interval(c)}.${certain}`;
}

function quartileWords(data: InstanceInsightsData, work: string, network: string): string {
  const top = data.quartiles.at(-1);
  const bottom = data.quartiles[0];
  if (!top || !bottom || top === bottom) {
    return `Everyone completed the same number of engagements in ${work}, so the members form one group.`;
  }
  return `In ${work}, the members who delivered most (${range(top)} ${top.completedMax === 1 ? 'engagement' : 'engagements'}, quartile ${top.quartile}) gained on average ${top.gainedMean.toFixed(1)} ties, asks and invitations in ${network}; those who delivered least (${range(bottom)}, quartile ${bottom.quartile}) gained ${bottom.gainedMean.toFixed(1)}. Members with equal counts share a group, so some quartiles may be missing.`;
}

const QUARTILE_SERIES: BarChartSeries[] = [
  { name: 'tiesMean', label: 'Ties per member', color: 'orange.7' },
  { name: 'asksMean', label: 'Direct asks per member', color: 'teal.7' },
  { name: 'invitationsMean', label: 'Invitations per member', color: 'indigo.6' },
];
