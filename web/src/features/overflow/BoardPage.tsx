import {
  Anchor,
  Button,
  Collapse,
  Container,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconFilterOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useBoard, type BoardFilters, type BoardSort } from '../../api/overflow';
import { useCurrentMember } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { SkillsInput } from '../../components/SkillsInput';
import { normaliseSkills } from '../../../../packages/rules';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { BoardViews, ForYou, isForYou } from '../matching/ForYou';
import { OverflowCard } from './OverflowCard';

const SORTS: { value: BoardSort; label: string }[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'due', label: 'Due soonest' },
];

function effortParam(raw: string | null): number | null {
  if (!raw) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : null;
}

function readFilters(params: URLSearchParams, _signedIn: boolean): BoardFilters {
  const sort = params.get('sort');
  return {
    skills: normaliseSkills((params.get('skills') ?? '').split(',')).slice(0, 10),
    minEffort: effortParam(params.get('minEffort')),
    maxEffort: effortParam(params.get('maxEffort')),
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(params.get('dueBefore') ?? '') ? params.get('dueBefore') : null,
    // "Best match" became the For you tab (an old sort=match link opens it).
    sort: sort === 'due' ? sort : 'newest',
  };
}

/** Filters live in the address, so a filtered board can be shared and survives "back". */
function useBoardFilters(signedIn: boolean) {
  const [params, setParams] = useSearchParams();
  const filters: BoardFilters = useMemo(() => readFilters(params, signedIn), [params, signedIn]);

  // Each change builds on the address as it is now, not as it was at the last render: two quick edits (clear
  // the minimum, then set a maximum) before React renders must not put the stale minimum back.
  // (React Router's functional update reads the render's params too, so the newest is kept here.)
  const unrendered = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    unrendered.current = null;
  }, [params]);
  const update = (patch: Partial<BoardFilters>) => {
    const next = { ...readFilters(unrendered.current ?? params, signedIn), ...patch };
    const search = new URLSearchParams();
    if (next.skills.length > 0) search.set('skills', next.skills.join(','));
    if (next.minEffort !== null) search.set('minEffort', String(next.minEffort));
    if (next.maxEffort !== null) search.set('maxEffort', String(next.maxEffort));
    if (next.dueBefore) search.set('dueBefore', next.dueBefore);
    if (next.sort !== 'newest') search.set('sort', next.sort);
    unrendered.current = search;
    setParams(search, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const active =
    filters.skills.length > 0 ||
    filters.minEffort !== null ||
    filters.maxEffort !== null ||
    !!filters.dueBefore;
  return { filters, update, clear, active };
}

function toEffort(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return value === '' || !Number.isFinite(n) ? null : Math.min(200, Math.max(1, Math.round(n)));
}

/** `/board`: open overflow, filtered and sorted. Anyone can browse public overflow. */
export function BoardPage() {
  useDocumentTitle('Board');
  const member = useCurrentMember();
  const signedIn = Boolean(member);
  const { filters, update, clear, active } = useBoardFilters(signedIn);
  const [params] = useSearchParams();
  const forYou = isForYou(params);
  const board = useBoard(filters, !forYou);
  const items = board.data?.pages.flatMap((page) => page.items) ?? [];
  const isPhone = useMediaQuery('(max-width: 62em)') ?? false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeCount =
    filters.skills.length +
    (filters.minEffort !== null ? 1 : 0) +
    (filters.maxEffort !== null ? 1 : 0) +
    (filters.dueBefore ? 1 : 0);

  return (
    <Container size="lg">
      <PageHeader
        title="Board"
        description="Overflow from people who lack the time for it. Offer to take something on: delivered, accepted work becomes verified proof on your profile."
        actions={
          signedIn && (
            <Button
              component={Link}
              to="/overflow/new"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
            >
              Post overflow
            </Button>
          )
        }
      />
      <BoardViews forYou={forYou} />
      {forYou && <ForYou />}
      <Grid gap={{ base: 'lg', md: 'xl' }} display={forYou ? 'none' : undefined}>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="lg" bg="white" component="section" aria-labelledby="board-filters">
            <Stack gap="md">
              <Group justify="space-between" align="center">
                <Title order={2} fz="md" id="board-filters">
                  Filter and sort
                </Title>
                {active && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconFilterOff size={14} aria-hidden="true" />}
                    onClick={clear}
                  >
                    Clear filters
                  </Button>
                )}
              </Group>
              <Select
                label="Sort"
                data={SORTS}
                value={filters.sort}
                onChange={(value) => update({ sort: (value as BoardSort | null) ?? 'newest' })}
                allowDeselect={false}
              />
              {isPhone && (
                <Button
                  variant="default"
                  onClick={() => setFiltersOpen((o) => !o)}
                  aria-expanded={filtersOpen}
                  aria-controls="board-more-filters"
                  rightSection={
                    filtersOpen ? (
                      <IconChevronUp size={16} aria-hidden="true" />
                    ) : (
                      <IconChevronDown size={16} aria-hidden="true" />
                    )
                  }
                >
                  {activeCount > 0 ? `Filters (${activeCount})` : 'Filters'}
                </Button>
              )}
              <Collapse expanded={!isPhone || filtersOpen} id="board-more-filters">
                <Stack gap="md">
                  <SkillsInput
                    label="Skills"
                    description="Overflow needing any of these."
                    value={filters.skills}
                    onChange={(skills) => update({ skills })}
                    max={10}
                  />
                  <Group grow gap="sm" align="flex-start">
                    <NumberInput
                      label="Minimum effort"
                      description="Hours"
                      min={1}
                      max={200}
                      allowDecimal={false}
                      allowNegative={false}
                      value={filters.minEffort ?? ''}
                      onChange={(value) => update({ minEffort: toEffort(value) })}
                    />
                    <NumberInput
                      label="Maximum effort"
                      description="Hours"
                      min={1}
                      max={200}
                      allowDecimal={false}
                      allowNegative={false}
                      value={filters.maxEffort ?? ''}
                      onChange={(value) => update({ maxEffort: toEffort(value) })}
                    />
                  </Group>
                  <TextInput
                    label="Due before"
                    type="date"
                    max="9999-12-31"
                    value={filters.dueBefore ?? ''}
                    onChange={(e) => update({ dueBefore: e.currentTarget.value || null })}
                  />
                </Stack>
              </Collapse>
              {!signedIn && (
                <Text size="sm" c="dimmed">
                  <Anchor component={Link} to="/signin?next=%2Fboard" inherit fw={700} c="stream.9">
                    Sign in
                  </Anchor>{' '}
                  to see overflow shared with members and the overflow picked for your skills.
                </Text>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <section aria-label="Open overflow" aria-busy={board.isFetching}>
            {board.isPending ? (
              <Stack gap="md" aria-label="Loading overflow">
                <Skeleton height={170} />
                <Skeleton height={170} />
                <Skeleton height={170} />
              </Stack>
            ) : board.isError ? (
              <FormAlert message={board.error.message} title="We could not load the board" />
            ) : items.length === 0 ? (
              active ? (
                <EmptyState
                  icon={<IconSearch size={26} />}
                  title="Nothing matches these filters"
                  action={
                    <Button variant="light" onClick={clear}>
                      Clear filters
                    </Button>
                  }
                >
                  Try fewer skills, a wider effort range or a later due date.
                </EmptyState>
              ) : (
                <EmptyState
                  icon={<IconSearch size={26} />}
                  title="No open overflow right now"
                  action={
                    signedIn ? (
                      <Button component={Link} to="/overflow/new" variant="light">
                        Post your own overflow
                      </Button>
                    ) : undefined
                  }
                >
                  When members post work they lack time for, it shows up here.
                </EmptyState>
              )
            ) : (
              <Stack gap="md">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {filters.sort === 'due' ? 'Sorted by due date, soonest first.' : 'Newest first.'}
                </Text>
                <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {items.map((overflow) => (
                    <li key={overflow.id}>
                      <OverflowCard overflow={overflow} />
                    </li>
                  ))}
                </Stack>
                {board.hasNextPage && (
                  <Group justify="center">
                    <Button
                      variant="default"
                      onClick={() => void board.fetchNextPage()}
                      loading={board.isFetchingNextPage}
                    >
                      Load more
                    </Button>
                  </Group>
                )}
              </Stack>
            )}
          </section>
        </Grid.Col>
      </Grid>
    </Container>
  );
}
