import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';
import { notificationKeys } from './notifications';

export type Tie = Schemas['Tie'];
export type Ledger = Schemas['Ledger'];
export type NoticedNote = Schemas['NoticedNote'];
export type Thanks = Schemas['Thanks'];
export type NoticedBox = 'received' | 'sent';

/** Query keys for ties, the ledger, noticed notes and thanks walls. */
export const tieKeys = {
  ties: ['ties'] as const,
  ledger: ['ledger'] as const,
  noticedAll: ['noticed'] as const,
  noticed: (box: NoticedBox) => ['noticed', box] as const,
  thanksAll: ['thanks'] as const,
  thanks: (handle: string) => ['thanks', handle.toLowerCase()] as const,
};

const PAGE_SIZE = 20;

/** Your tie with one member (by handle), if you have one: `data` is the tie or null. */
export function useTieWith(handle: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...tieKeys.ties, 'with', handle.toLowerCase()] as const,
    enabled: options.enabled ?? true,
    queryFn: () => call(api.GET('/api/v1/me/ties', { params: { query: { member: handle, limit: 1 } } })),
    select: (page) => page.items[0] ?? null,
  });
}

/**
 * The ties after the ledger page's first ones (`from` is its `tiesNextCursor`), a page at a time: nothing is
 * fetched until `enabled` (the first "Load more").
 */
export function useMoreTies(from: string | null, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...tieKeys.ties, 'after', from] as const,
    enabled: enabled && from !== null,
    initialPageParam: from,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/me/ties', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Totals, giving style, per-tie balances, transactional ties with ways to give back, recent entries. */
export function useLedger() {
  return useQuery({ queryKey: tieKeys.ledger, queryFn: () => call(api.GET('/api/v1/me/ledger')) });
}

/** Noticed notes you received (pending and accepted; ignored ones drop out) or sent. */
export function useNoticedNotes(box: NoticedBox) {
  return useInfiniteQuery({
    queryKey: tieKeys.noticed(box),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/me/noticed', {
          params: { query: { box, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** A member's gratitude wall (public). */
export function useThanksWall(handle: string) {
  return useInfiniteQuery({
    queryKey: tieKeys.thanks(handle),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/members/{handle}/thanks', {
          params: {
            path: { handle },
            query: { limit: 12, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

function useInvalidateRelationships() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: tieKeys.ties });
    void queryClient.invalidateQueries({ queryKey: tieKeys.ledger });
    void queryClient.invalidateQueries({ queryKey: tieKeys.noticedAll });
    void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  };
}

export function useSendNoticed() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: (body: Schemas['NewNoticedNoteInput']) => call(api.POST('/api/v1/noticed', { body })),
    onSuccess: invalidate,
  });
}

export function useAcceptNoticed() {
  const invalidate = useInvalidateRelationships();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/noticed/{id}/accept', { params: { path: { id } }, body: {} })),
    onSuccess: () => {
      invalidate();
      // A new tie shows on profiles (who may thank whom).
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });
}

export function useIgnoreNoticed() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/noticed/{id}/ignore', { params: { path: { id } }, body: {} })),
    onSuccess: invalidate,
  });
}

export function useSendThanks() {
  const invalidate = useInvalidateRelationships();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['NewThanksInput']) => call(api.POST('/api/v1/thanks', { body })),
    onSuccess: (_result, body) => {
      invalidate();
      void queryClient.invalidateQueries({ queryKey: tieKeys.thanks(body.toHandle) });
    },
  });
}
