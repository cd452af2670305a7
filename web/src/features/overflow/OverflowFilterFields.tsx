import { Button, Collapse, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconFilterOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { normaliseSkills } from '../../../../packages/rules';
import { EmptyState } from '../../components/EmptyState';
import { SkillsInput } from '../../components/SkillsInput';

/** The filters the board and overflow search share, all kept in the address. */
export interface OverflowFilters {
  skills: string[];
  minEffort: number | null;
  maxEffort: number | null;
  dueBefore: string | null;
}

export const NO_OVERFLOW_FILTERS: OverflowFilters = {
  skills: [],
  minEffort: null,
  maxEffort: null,
  dueBefore: null,
};

export const MAX_FILTER_SKILLS = 10;
const MIN_EFFORT = 1;
const MAX_EFFORT = 200;

function effortParam(raw: string | null): number | null {
  if (!raw) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= MIN_EFFORT && n <= MAX_EFFORT ? n : null;
}

/** What the address says; anything malformed (a hand-edited link) is dropped, never sent. */
export function readOverflowFilters(params: URLSearchParams): OverflowFilters {
  const due = params.get('dueBefore') ?? '';
  return {
    skills: normaliseSkills((params.get('skills') ?? '').split(',')).slice(0, MAX_FILTER_SKILLS),
    minEffort: effortParam(params.get('minEffort')),
    maxEffort: effortParam(params.get('maxEffort')),
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : null,
  };
}

/** Sets the filters on `into`, leaving out the ones not in use so addresses stay short. */
export function writeOverflowFilters(f: OverflowFilters, into: URLSearchParams): URLSearchParams {
  if (f.skills.length > 0) into.set('skills', f.skills.join(','));
  if (f.minEffort !== null) into.set('minEffort', String(f.minEffort));
  if (f.maxEffort !== null) into.set('maxEffort', String(f.maxEffort));
  if (f.dueBefore) into.set('dueBefore', f.dueBefore);
  return into;
}

/** How many filters are in use (each skill counts), for the phone's "Filters (n)" button. */
export function countOverflowFilters(f: OverflowFilters): number {
  return (
    f.skills.length + (f.minEffort !== null ? 1 : 0) + (f.maxEffort !== null ? 1 : 0) + (f.dueBefore ? 1 : 0)
  );
}

/**
 * A minimum above the maximum matches nothing, and the server refuses it (400): the field says so and the
 * page does not ask.
 */
export function effortRangeError(f: OverflowFilters): string | null {
  return f.minEffort !== null && f.maxEffort !== null && f.minEffort > f.maxEffort
    ? `At least the minimum (${f.minEffort} h)`
    : null;
}

function toEffort(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return value === '' || !Number.isFinite(n)
    ? null
    : Math.min(MAX_EFFORT, Math.max(MIN_EFFORT, Math.round(n)));
}

/** Skills, effort range and due date: the same labels, limits and checks wherever overflow is filtered. */
export function OverflowFilterFields({
  value,
  onChange,
}: {
  value: OverflowFilters;
  onChange: (patch: Partial<OverflowFilters>) => void;
}) {
  return (
    <Stack gap="md">
      <SkillsInput
        label="Skills"
        description="Overflow needing any of these."
        value={value.skills}
        onChange={(skills) => onChange({ skills })}
        max={MAX_FILTER_SKILLS}
      />
      <Group grow gap="sm" align="flex-start">
        <NumberInput
          label="Minimum effort"
          description="Hours"
          min={MIN_EFFORT}
          max={MAX_EFFORT}
          allowDecimal={false}
          allowNegative={false}
          value={value.minEffort ?? ''}
          onChange={(v) => onChange({ minEffort: toEffort(v) })}
        />
        <NumberInput
          label="Maximum effort"
          description="Hours"
          min={MIN_EFFORT}
          max={MAX_EFFORT}
          allowDecimal={false}
          allowNegative={false}
          value={value.maxEffort ?? ''}
          onChange={(v) => onChange({ maxEffort: toEffort(v) })}
          error={effortRangeError(value)}
        />
      </Group>
      <TextInput
        label="Due before"
        type="date"
        max="9999-12-31"
        value={value.dueBefore ?? ''}
        onChange={(e) => onChange({ dueBefore: e.currentTarget.value || null })}
      />
    </Stack>
  );
}

interface OverflowFilterPanelProps {
  /** Prefix for the heading's and the collapsible part's ids. */
  id: string;
  title: string;
  value: OverflowFilters;
  onChange: (patch: Partial<OverflowFilters>) => void;
  /** Extra filters in use beyond the shared ones (they count for "Clear filters" and the phone's button). */
  extraActive?: number;
  onClear: () => void;
  /** Always shown, above the filters (the board's sort). */
  before?: ReactNode;
  /** More filters, after the shared ones and folded away with them on a phone. */
  more?: ReactNode;
  /** Always shown, at the end. */
  after?: ReactNode;
}

/**
 * The filter panel of the board and of overflow search: a heading with "Clear filters" while any is in use,
 * and on a phone the filters folded behind a "Filters (n)" button so the results stay near the top.
 */
export function OverflowFilterPanel({
  id,
  title,
  value,
  onChange,
  extraActive = 0,
  onClear,
  before,
  more,
  after,
}: OverflowFilterPanelProps) {
  const isPhone = useMediaQuery('(max-width: 62em)') ?? false;
  const [open, setOpen] = useState(false);
  const activeCount = countOverflowFilters(value) + extraActive;
  const clearButton = activeCount > 0 && (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconFilterOff size={14} aria-hidden="true" />}
      onClick={onClear}
    >
      Clear filters
    </Button>
  );
  const toggle = (
    <Button
      variant="default"
      onClick={() => setOpen((o) => !o)}
      aria-expanded={open}
      aria-controls={`${id}-more-filters`}
      rightSection={
        open ? (
          <IconChevronUp size={16} aria-hidden="true" />
        ) : (
          <IconChevronDown size={16} aria-hidden="true" />
        )
      }
    >
      {activeCount > 0 ? `Filters (${activeCount})` : 'Filters'}
    </Button>
  );
  const fields = (
    <Stack gap="md">
      <OverflowFilterFields value={value} onChange={onChange} />
      {more}
    </Stack>
  );

  // A phone with nothing but the filters to show: the button alone (a heading "Filters" over a button
  // "Filters" says it twice), the fields in a panel under it once opened.
  if (isPhone && !before && !after) {
    return (
      <Stack component="section" aria-label={title} gap="sm">
        <Group gap="sm" wrap="nowrap" justify="space-between">
          {toggle}
          {clearButton}
        </Group>
        <Collapse expanded={open} id={`${id}-more-filters`}>
          <Paper withBorder p="lg" bg="var(--app-surface)">
            {fields}
          </Paper>
        </Collapse>
      </Stack>
    );
  }
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)" component="section" aria-labelledby={`${id}-filters`}>
      <Stack gap="md">
        <Group justify="space-between" align="center" wrap="nowrap">
          <Title order={2} fz="md" id={`${id}-filters`}>
            {title}
          </Title>
          {clearButton}
        </Group>
        {before}
        {isPhone && toggle}
        <Collapse expanded={!isPhone || open} id={`${id}-more-filters`}>
          {fields}
        </Collapse>
        {after}
      </Stack>
    </Paper>
  );
}

/** In place of results while the effort range is the wrong way round (the server would refuse it). */
export function EffortRangeHint() {
  return (
    <EmptyState icon={<IconAlertTriangle size={26} />} title="The effort range is the wrong way round">
      Make the minimum effort no more than the maximum.
    </EmptyState>
  );
}
