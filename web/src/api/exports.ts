import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export type MemberExport = Schemas['MemberExport'];

const POLL_MS = 1000;
const building = (e: MemberExport | undefined) => e?.status === 'queued' || e?.status === 'running';

/** The member's recent exports, newest first; polled every second while the newest is being built. */
export function useExports() {
  return useQuery({
    queryKey: queryKeys.exports,
    queryFn: () => call(api.GET('/api/v1/me/exports')),
    refetchInterval: (query) => (building(query.state.data?.items[0]) ? POLL_MS : false),
  });
}

export function useRequestExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/exports')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.exports }),
  });
}
