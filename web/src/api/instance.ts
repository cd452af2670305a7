import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

/** Name and sign-up rules of this instance (public). */
export function useInstance() {
  return useQuery({
    queryKey: queryKeys.instance,
    queryFn: () => call(api.GET('/api/v1/instance')),
    staleTime: 5 * 60_000,
  });
}

/** The instance's display name, with a sensible fallback while it loads. */
export function useInstanceName(): string {
  return useInstance().data?.name ?? 'Slipstream';
}

export function useUpdateInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['InstancePatchInput']) => call(api.PATCH('/api/v1/instance', { body })),
    onSuccess: (instance) => queryClient.setQueryData(queryKeys.instance, instance),
  });
}

export function useCreateInvite() {
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/instance/invites', { body: {} })),
  });
}

/** A member's trust as a seed of merit (admin lookup by handle). */
export function useMemberTrust(handle: string | null) {
  return useQuery({
    queryKey: ['member-trust', handle?.toLowerCase() ?? ''] as const,
    queryFn: () => call(api.GET('/api/v1/admin/members/{handle}', { params: { path: { handle: handle! } } })),
    enabled: handle !== null && handle.length > 0,
    retry: false,
  });
}

export function useSetMemberTrusted() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ handle, trusted }: { handle: string; trusted: boolean }) =>
      call(
        api.PUT('/api/v1/admin/members/{handle}/trusted', {
          params: { path: { handle } },
          body: { trusted },
        }),
      ),
    onSuccess: (view) => queryClient.setQueryData(['member-trust', view.handle], view),
  });
}
