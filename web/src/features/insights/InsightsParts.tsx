import { Button, Card, ColorSwatch, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar, IconTable } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { LinkTabs } from '../../components/LinkTabs';
import classes from './Insights.module.css';

/** You or the community: two views of one question, each a link. */
export function InsightsTabs() {
  return (
    <LinkTabs
      label="Whose insights"
      tabs={[
        { to: '/insights', label: 'You', end: true },
        { to: '/insights/instance', label: 'Community' },
      ]}
    />
  );
}

export interface Column<Row> {
  label: string;
  value: (row: Row) => ReactNode;
  /** Right-align numbers. */
  numeric?: boolean;
}

/**
 * A chart with its heading, a text summary that says what it shows, and the same figures as a table behind a
 * visible toggle (the accessible fallback: screen readers and anyone who prefers numbers).
 */
export function ChartCard<Row>({
  title,
  summary,
  chart,
  rows,
  columns,
  caption,
}: {
  title: string;
  summary: ReactNode;
  chart: ReactNode;
  rows: Row[];
  columns: Column<Row>[];
  caption: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const tableId = useId();
  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Title order={2} id={headingId} fz={{ base: 18, sm: 20 }}>
            {title}
          </Title>
          <Button
            variant="default"
            size="xs"
            leftSection={
              asTable ? (
                <IconChartBar size={16} aria-hidden="true" />
              ) : (
                <IconTable size={16} aria-hidden="true" />
              )
            }
            aria-expanded={asTable}
            aria-controls={tableId}
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? 'Show as chart' : 'Show as table'}
          </Button>
        </Group>
        <Text size="sm">{summary}</Text>
        {!asTable && <figure className={classes.figure}>{chart}</figure>}
        <div id={tableId} hidden={!asTable}>
          {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it too. */}
          <div className={classes.tableScroll} tabIndex={0} role="region" aria-label={caption}>
            <Table striped withTableBorder aria-label={caption} miw={columns.length * 90}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.label} scope="col" ta={c.numeric ? 'right' : undefined}>
                      {c.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, i) => (
                  <Table.Tr key={i}>
                    {columns.map((c, j) =>
                      j === 0 ? (
                        <Table.Th key={c.label} scope="row" fw={500}>
                          {c.value(row)}
                        </Table.Th>
                      ) : (
                        <Table.Td
                          key={c.label}
                          ta={c.numeric ? 'right' : undefined}
                          className={classes.figureValue}
                        >
                          {c.value(row)}
                        </Table.Td>
                      ),
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </div>
      </Stack>
    </Card>
  );
}

/** One headline figure with its unit and a line of explanation. */
export function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} lts={0.4}>
        {label}
      </Text>
      <Text fz={26} fw={700} className={classes.figureValue} lh={1.3}>
        {value}
      </Text>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const monthLabel = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayLabel = new Intl.DateTimeFormat('en', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2026-02" → "Feb 2026". */
export const shortMonth = (ym: string) => monthLabel.format(new Date(`${ym}-01T00:00:00Z`));
/** "2026-02" → "February 2026". */
export const longMonth = (ym: string) => monthLong.format(new Date(`${ym}-01T00:00:00Z`));
/** An ISO time → "12 Feb 2026" (UTC, like the periods). */
export const day = (iso: string) => dayLabel.format(new Date(iso));

/** "1 engagement", "3 engagements". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

export function formatNumber(n: number, digits = 1): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`;

/** The series of a chart, as a legend that wraps on a phone (the chart library's own legend has a fixed height). */
export function Legend({ series }: { series: { label?: string; name: string; color?: string }[] }) {
  return (
    <Group gap="md" justify="center" mt="xs" component="ul" style={{ listStyle: 'none', padding: 0 }}>
      {series.map((s) => (
        <Group key={s.name} gap={6} component="li" wrap="nowrap">
          <ColorSwatch
            color={`var(--mantine-color-${(s.color ?? 'gray.6').replace('.', '-')})`}
            size={12}
            aria-hidden="true"
          />
          <Text size="sm">{s.label ?? s.name}</Text>
        </Group>
      ))}
    </Group>
  );
}
