import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';
import { useInvalidateLoop } from './overflow';

export type Engagement = Schemas['Engagement'];
export type EngagementStatus = Engagement['status'];
export type EngagementEvent = Engagement['events'][number];

export function useEngagement(id: string) {
  return useQuery({
    queryKey: queryKeys.engagement(id),
    queryFn: () => call(api.GET('/api/v1/engagements/{id}', { params: { path: { id } } })),
  });
}

export function useMyEngagements() {
  return useInfiniteQuery({
    queryKey: queryKeys.myEngagements,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/me/engagements', {
          params: {
            query: { role: 'any', status: 'all', limit: 20, ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Every engagement change answers with the engagement: show it at once, then refresh the rest. */
function useEngagementMutation<TInput>(request: (input: TInput) => Promise<Engagement>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: request,
    onSuccess: (engagement) => {
      // Keep what only the detail carries (the counterpart's contact line) until the refetch.
      queryClient.setQueryData(queryKeys.engagement(engagement.id), (old?: object) => ({
        ...old,
        ...engagement,
      }));
      invalidate();
      // Completion adds verified work to the helper's profile.
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      void queryClient.invalidateQueries({ queryKey: queryKeys.allWorkRecords });
      void queryClient.invalidateQueries({ queryKey: ['ties'] });
    },
  });
}

export function useSubmitDelivery() {
  return useEngagementMutation(({ id, body }: { id: string; body: Schemas['NewDeliveryInput'] }) =>
    call(api.POST('/api/v1/engagements/{id}/deliveries', { params: { path: { id } }, body })),
  );
}

export function useRequestRevision() {
  return useEngagementMutation(({ id, note }: { id: string; note: string }) =>
    call(
      api.POST('/api/v1/engagements/{id}/revision-requests', { params: { path: { id } }, body: { note } }),
    ),
  );
}

export function useCompleteEngagement() {
  return useEngagementMutation(({ id, body }: { id: string; body: Schemas['ReviewInput'] }) =>
    call(api.POST('/api/v1/engagements/{id}/complete', { params: { path: { id } }, body })),
  );
}

export function useAbandonEngagement() {
  return useEngagementMutation(({ id, reason }: { id: string; reason: string }) =>
    call(api.POST('/api/v1/engagements/{id}/abandon', { params: { path: { id } }, body: { reason } })),
  );
}
