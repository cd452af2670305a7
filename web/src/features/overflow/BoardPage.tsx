import { Anchor, Button, Container, Grid, Select, Text } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useBoard, type BoardFilters, type BoardSort } from '../../api/overflow';
import { useCurrentMember } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ResultList } from '../../components/ResultList';
import { useAddressState } from '../../lib/useAddressState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { BoardViews, ForYou, isForYou } from '../matching/ForYou';
import { OverflowCard } from './OverflowCard';
import {
  EffortRangeHint,
  NO_OVERFLOW_FILTERS,
  OverflowFilterPanel,
  countOverflowFilters,
  effortRangeError,
  readOverflowFilters,
  writeOverflowFilters,
} from './OverflowFilterFields';

const SORTS: { value: BoardSort; label: string }[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'due', label: 'Due soonest' },
];

function readBoard(params: URLSearchParams): BoardFilters & { forYou: boolean } {
  return {
    ...readOverflowFilters(params),
    // "Best match" became the For you tab (an old sort=match link opens it).
    sort: params.get('sort') === 'due' ? 'due' : 'newest',
    forYou: isForYou(params),
  };
}

function writeBoard({ sort, forYou, ...filters }: BoardFilters & { forYou: boolean }): URLSearchParams {
  const p = writeOverflowFilters(filters, new URLSearchParams());
  if (sort !== 'newest') p.set('sort', sort);
  if (forYou) p.set('view', 'for-you');
  return p;
}

/** `/board`: open overflow, filtered and sorted; filters live in the address. Anyone can browse public overflow. */
export function BoardPage() {
  useDocumentTitle('Board');
  const member = useCurrentMember();
  const signedIn = Boolean(member);
  const { state, update } = useAddressState(readBoard, writeBoard);
  const { forYou, ...filters } = state;
  const rangeError = effortRangeError(filters);
  const board = useBoard(filters, !forYou && !rangeError);
  const items = board.data?.pages.flatMap((page) => page.items) ?? [];
  const active = countOverflowFilters(filters) > 0;
  const clear = () => update(NO_OVERFLOW_FILTERS);

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
          <OverflowFilterPanel
            id="board"
            title="Filter and sort"
            value={filters}
            onChange={update}
            onClear={clear}
            before={
              <Select
                label="Sort"
                data={SORTS}
                value={filters.sort}
                onChange={(value) => update({ sort: (value as BoardSort | null) ?? 'newest' })}
                allowDeselect={false}
              />
            }
            after={
              !signedIn && (
                <Text size="sm" c="dimmed">
                  <Anchor
                    component={Link}
                    to="/signin?next=%2Fboard"
                    inherit
                    fw={700}
                    c="var(--app-accent-text)"
                  >
                    Sign in
                  </Anchor>{' '}
                  to see overflow shared with members and the overflow picked for your skills.
                </Text>
              )
            }
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <ResultList
            label="Open overflow"
            query={board}
            items={items}
            itemKey={(overflow) => overflow.id}
            renderItem={(overflow) => <OverflowCard overflow={overflow} />}
            idle={rangeError && <EffortRangeHint />}
            loadingLabel="Loading overflow"
            skeletonHeight={170}
            errorTitle="We could not load the board"
            empty={
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
            }
            summary={() => (filters.sort === 'due' ? 'Sorted by due date, soonest first.' : 'Newest first.')}
            moreLabel="Load more"
          />
        </Grid.Col>
      </Grid>
    </Container>
  );
}
