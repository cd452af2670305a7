import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormAlert } from './FormAlert';

/** What a list needs from an infinite query (TanStack's `useInfiniteQuery` result fits). */
export interface PagedQuery {
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  isFetching: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

interface ResultListProps<T> {
  /** The section's accessible name ("Results"). */
  label: string;
  query: PagedQuery;
  items: T[];
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  /** Shown instead of the list while there is nothing to ask for yet (no words typed), or the ask is invalid. */
  idle?: ReactNode;
  loadingLabel: string;
  skeletonHeight: number;
  errorTitle: string;
  /** Shown when the answer is an empty list. */
  empty: ReactNode;
  /** The line above the list: how many are shown and in what order. */
  summary?: (shown: number, more: boolean) => ReactNode;
  /** The button that asks for the next page ("Load more"). */
  moreLabel: string;
}

/**
 * A cursor-paged list with its states: idle, loading, error, empty, then the items, a count and the button
 * for the next page. The items stay while the next page (or a changed filter) loads.
 */
export function ResultList<T>({
  label,
  query,
  items,
  itemKey,
  renderItem,
  idle,
  loadingLabel,
  skeletonHeight,
  errorTitle,
  empty,
  summary,
  moreLabel,
}: ResultListProps<T>) {
  return (
    <section aria-label={label} aria-busy={!idle && query.isFetching}>
      {idle ? (
        idle
      ) : query.isPending ? (
        <Stack gap="md" aria-label={loadingLabel}>
          <Skeleton height={skeletonHeight} />
          <Skeleton height={skeletonHeight} />
          <Skeleton height={skeletonHeight} />
        </Stack>
      ) : query.isError ? (
        <FormAlert message={query.error?.message ?? 'Something went wrong.'} title={errorTitle} />
      ) : items.length === 0 ? (
        empty
      ) : (
        <Stack gap="md">
          {summary && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {summary(items.length, query.hasNextPage)}
            </Text>
          )}
          <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((item) => (
              <li key={itemKey(item)}>{renderItem(item)}</li>
            ))}
          </Stack>
          {query.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {moreLabel}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </section>
  );
}

/** "2 results", "1 result" or, while more pages remain, "First 20 results". */
export function countLabel(shown: number, more: boolean, singular: string, plural: string): string {
  const noun = shown === 1 ? singular : plural;
  return more ? `First ${shown} ${noun}` : `${shown} ${noun}`;
}
