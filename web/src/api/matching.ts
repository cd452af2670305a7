import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export type RecommendedOverflow = Schemas['RecommendedOverflow'];
export type SuggestedHelper = Schemas['SuggestedHelper'];

/** "For you": open overflow ranked for the signed-in member, page by page. */
export function useRecommendations(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: queryKeys.recommendations,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/me/recommended-overflow', {
          params: { query: { limit: 20, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Members the owner could invite to offer on their open overflow. */
export function useSuggestedHelpers(overflowId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.suggestedHelpers(overflowId),
    enabled,
    queryFn: () =>
      call(
        api.GET('/api/v1/overflow/{id}/suggested-helpers', {
          params: { path: { id: overflowId }, query: { limit: 8 } },
        }),
      ),
  });
}

export function useInviteToOffer(overflowId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (handle: string) =>
      call(
        api.POST('/api/v1/overflow/{id}/invitations', {
          params: { path: { id: overflowId } },
          body: { handle },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.suggestedHelpers(overflowId) }),
  });
}
