import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export type Overflow = Schemas['Overflow'];
export type OverflowDetail = Schemas['OverflowDetail'];
export type OverflowStatus = Overflow['status'];
export type Visibility = Overflow['visibility'];
/** The web's sorts; the API's `sort=match` is superseded by the For you tab (recommendOverflow). */
export type BoardSort = 'newest' | 'due';

export interface BoardFilters {
  skills: string[];
  minEffort: number | null;
  maxEffort: number | null;
  dueBefore: string | null;
  sort: BoardSort;
}

const BOARD_PAGE_SIZE = 20;

/** Anything the drafting loop changes is shown in several places: the board, "My work", the pages. */
export function useInvalidateLoop() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.overflowAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.offersAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.engagementsAll });
    // The other side hears about it in their notifications; our own count may change too.
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  };
}

/** The board: open overflow the viewer may see, filtered and sorted, page by page. */
export function useBoard(filters: BoardFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.board(filters),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/overflow', {
          params: {
            query: {
              limit: BOARD_PAGE_SIZE,
              sort: filters.sort,
              ...(filters.skills.length > 0 && { skills: filters.skills.join(',') }),
              ...(filters.minEffort !== null && { minEffort: filters.minEffort }),
              ...(filters.maxEffort !== null && { maxEffort: filters.maxEffort }),
              ...(filters.dueBefore && { dueBefore: filters.dueBefore }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The signed-in member's own overflow, open and closed. */
export function useMyOverflow(enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.myOverflow,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/overflow', {
          params: {
            query: {
              owner: 'me',
              status: 'all',
              limit: BOARD_PAGE_SIZE,
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useOverflow(id: string) {
  return useQuery({
    queryKey: queryKeys.overflow(id),
    queryFn: () => call(api.GET('/api/v1/overflow/{id}', { params: { path: { id } } })),
  });
}

export function useCreateOverflow() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: (body: Schemas['NewOverflowInput']) => call(api.POST('/api/v1/overflow', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateOverflow() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['OverflowPatchInput'] }) =>
      call(api.PATCH('/api/v1/overflow/{id}', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useCancelOverflow() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/overflow/{id}/cancel', { params: { path: { id } }, body: {} })),
    onSuccess: invalidate,
  });
}

/** The member's ties with the newest activity (one page of 50), for the "Ask whom" picker of a direct ask. */
export function useTieChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['ties', 'choices'],
    enabled,
    queryFn: () => call(api.GET('/api/v1/me/ties', { params: { query: { limit: 50 } } })),
    select: (list) =>
      list.items.map((tie) => ({
        value: tie.member.handle,
        label: `${tie.member.name} (@${tie.member.handle})`,
      })),
  });
}
