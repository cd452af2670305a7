import '@mantine/charts/styles.css';
import { BarChart, CompositeChart, type BarChartSeries, type CompositeChartSeries } from '@mantine/charts';
import { Button, Container, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconChartLine, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SelfMember } from '../../api/client';
import { useInstance } from '../../api/instance';
import { useMyInsights, type MonthInsight, type MyInsights } from '../../api/insights';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import {
  ChartCard,
  Figure,
  formatNumber,
  InsightsTabs,
  Legend,
  longMonth,
  plural,
  shortMonth,
  type Column,
} from './InsightsParts';

/** `/insights`: does the network follow the work? Your months, on one axis. */
export function MyInsightsPage() {
  return <RequireMember>{(member) => <MyInsightsView member={member} />}</RequireMember>;
}

function MyInsightsView({ member }: { member: SelfMember }) {
  useDocumentTitle('Your insights');
  const insights = useMyInsights();
  const instance = useInstance();
  const showCommunity = member.role === 'admin' || instance.data?.insightsPublic === true;
  return (
    <Container size="lg">
      <PageHeader
        title="Insights"
        description="Does the network follow the work? Your delivered work and the ties, notes, asks and invitations that came your way, month by month."
      />
      {showCommunity && <InsightsTabs />}
      {insights.isPending ? (
        <Stack gap="lg">
          <Skeleton height={90} />
          <Skeleton height={320} />
        </Stack>
      ) : insights.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={insights.error.message} title="We could not load your insights" />
          <Button
            variant="default"
            leftSection={<IconRefresh size={18} aria-hidden="true" />}
            onClick={() => void insights.refetch()}
          >
            Try again
          </Button>
        </Stack>
      ) : (
        <Insights data={insights.data} />
      )}
    </Container>
  );
}

const hours = (n: number) => `${formatNumber(n)} h`;

function Insights({ data }: { data: MyInsights }) {
  const t = data.totals;
  const network = t.tiesFormed + t.noticedReceived + t.asksReceived + t.invitationsReceived;
  const joined = data.joinedAt.slice(0, 7);
  const since = joined >= data.from ? `you joined in ${longMonth(joined)}` : longMonth(data.from);
  if (t.completed === 0 && network === 0 && t.given === 0 && t.received === 0) {
    return (
      <EmptyState
        icon={<IconChartLine size={26} />}
        title="Nothing to chart yet"
        action={
          <Button component={Link} to="/board" variant="light">
            Find overflow to help with
          </Button>
        }
      >
        Your charts fill in as you work: each engagement you complete, and each tie, noticed note, direct ask
        or invitation that follows, lands in its month here.
      </EmptyState>
    );
  }

  const rows = data.months.map((m) => ({ ...m, label: shortMonth(m.month) }));
  const workColumns: Column<MonthInsight>[] = [
    { label: 'Month', value: (m) => longMonth(m.month) },
    { label: 'Engagements completed', value: (m) => m.completed, numeric: true },
    { label: 'Effort (hours)', value: (m) => formatNumber(m.effortHours), numeric: true },
    { label: 'Ties formed', value: (m) => m.tiesFormed, numeric: true },
    { label: 'Noticed notes', value: (m) => m.noticedReceived, numeric: true },
    { label: 'Direct asks', value: (m) => m.asksReceived, numeric: true },
    { label: 'Invitations', value: (m) => m.invitationsReceived, numeric: true },
  ];
  const ledgerColumns: Column<MonthInsight>[] = [
    { label: 'Month', value: (m) => longMonth(m.month) },
    { label: 'Given', value: (m) => formatNumber(m.given), numeric: true },
    { label: 'Received', value: (m) => formatNumber(m.received), numeric: true },
  ];

  const workSummary =
    t.completed === 0
      ? `Since ${since} you have not completed an engagement as helper yet. In the same months ${networkWords(data)}.`
      : `Since ${since} you completed ${plural(t.completed, 'engagement')} (${hours(t.effortHours)} of help). ` +
        `In the same months ${networkWords(data)}. ` +
        `${plural(t.tiesAfterWork, 'tie')} formed within ${data.followDays} days of a completed engagement` +
        ` (${plural(t.tiesFromWork, 'tie')} from work together, ${plural(t.tiesFromNoticed, 'tie')} from noticed notes).`;
  const balance = t.given + t.received === 0 ? null : Math.round((t.given / (t.given + t.received)) * 100);
  const ledgerSummary =
    balance === null
      ? 'Nothing given or received in the ledger in these months yet.'
      : `Since ${since} you gave ${formatNumber(t.given)} and received ${formatNumber(t.received)} in ledger weight: ${balance} % of it was giving. Help counts its effort hours, and an owner gives as much again through the work, a timely review and an endorsement; a thanks note counts 1.`;

  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Figure label="Engagements" value={t.completed} hint={`${hours(t.effortHours)} of help delivered`} />
        <Figure
          label="Ties formed"
          value={t.tiesFormed}
          hint={`${t.tiesAfterWork} within ${data.followDays} days of work`}
        />
        <Figure
          label="Asks & invitations"
          value={t.asksReceived + t.invitationsReceived}
          hint="direct asks and invitations to offer"
        />
        <Figure label="Noticed notes" value={t.noticedReceived} hint="about your work" />
      </SimpleGrid>

      <ChartCard
        title="Work and network, month by month"
        summary={workSummary}
        caption="Your delivered work and what came from the network, by month"
        rows={data.months}
        columns={workColumns}
        chart={
          <>
            <CompositeChart
              h={300}
              data={rows}
              dataKey="label"
              maxBarWidth={28}
              yAxisProps={{ allowDecimals: false }}
              series={WORK_SERIES}
              curveType="linear"
            />
            <Legend series={WORK_SERIES} />
          </>
        }
      />

      <ChartCard
        title="Give and take"
        summary={ledgerSummary}
        caption="Ledger weight you gave and received, by month"
        rows={data.months}
        columns={ledgerColumns}
        chart={
          <>
            <BarChart h={260} data={rows} dataKey="label" maxBarWidth={24} series={LEDGER_SERIES} />
            <Legend series={LEDGER_SERIES} />
          </>
        }
      />
      <Text size="sm" c="dimmed">
        Months are calendar months in UTC: at least the last 6, at most the last 24.
      </Text>
    </Stack>
  );
}

function networkWords(data: MyInsights): string {
  const t = data.totals;
  return `you formed ${plural(t.tiesFormed, 'tie')} and received ${plural(t.noticedReceived, 'noticed note')}, ${plural(t.asksReceived, 'direct ask')} and ${plural(t.invitationsReceived, 'invitation')}`;
}

const WORK_SERIES: CompositeChartSeries[] = [
  { name: 'completed', label: 'Engagements completed', color: 'stream.6', type: 'bar' },
  { name: 'tiesFormed', label: 'Ties formed', color: 'orange.7', type: 'line' },
  { name: 'noticedReceived', label: 'Noticed notes', color: 'grape.6', type: 'line' },
  { name: 'asksReceived', label: 'Direct asks', color: 'teal.7', type: 'line' },
  { name: 'invitationsReceived', label: 'Invitations', color: 'indigo.6', type: 'line' },
];

const LEDGER_SERIES: BarChartSeries[] = [
  { name: 'given', label: 'Given', color: 'stream.6' },
  { name: 'received', label: 'Received', color: 'gray.5' },
];
