import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

export type AdminMember = Schemas['AdminMember'];
export type ReportItem = Schemas['ReportItem'];
export type ReportStatus = Schemas['ReportStatus'];
export type ReportReason = Schemas['ReportReason'];
export type ReportSubjectType = Schemas['ReportSubjectType'];

const PAGE = 25;

export const moderationKeys = {
  members: ['admin-members'] as const,
  membersOf: (q: string, role: string | null, suspended: boolean | null) =>
    ['admin-members', q, role ?? '', suspended ?? ''] as const,
  reports: ['admin-reports'] as const,
  reportsOf: (status: string) => ['admin-reports', status] as const,
};

/** The instance's members (admin), in handle order, searched by handle, name or email prefix. */
export function useAdminMembers(q: string, role: 'member' | 'admin' | null, suspended: boolean | null) {
  return useInfiniteQuery({
    queryKey: moderationKeys.membersOf(q, role, suspended),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/admin/members', {
          params: {
            query: {
              limit: PAGE,
              ...(q && { q }),
              ...(role && { role }),
              ...(suspended !== null && { suspended: suspended ? 'true' : 'false' }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSetRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ handle, ...body }: { handle: string; role?: 'member' | 'admin'; trusted?: boolean }) =>
      call(api.PUT('/api/v1/admin/members/{handle}/role', { params: { path: { handle } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.members }),
  });
}

export function useSuspendMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ handle, reason }: { handle: string; reason: string }) =>
      call(
        api.POST('/api/v1/admin/members/{handle}/suspension', {
          params: { path: { handle } },
          body: { reason },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.members }),
  });
}

export function useReinstateMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (handle: string) =>
      call(api.DELETE('/api/v1/admin/members/{handle}/suspension', { params: { path: { handle } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.members }),
  });
}

/** Reports content the member can see (any signed-in member with a confirmed email). */
export function useReportContent() {
  return useMutation({
    mutationFn: (body: Schemas['ReportBodyInput']) => call(api.POST('/api/v1/reports', { body })),
  });
}

/** The report queue (admin), one status at a time, newest first. */
export function useReports(status: ReportStatus | 'all') {
  return useInfiniteQuery({
    queryKey: moderationKeys.reportsOf(status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/admin/reports', {
          params: { query: { limit: PAGE, status, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useResolveReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      note,
    }: {
      id: string;
      action: 'hide' | 'suspend' | 'dismiss';
      note: string;
    }) =>
      call(
        api.POST('/api/v1/admin/reports/{id}/resolution', {
          params: { path: { id } },
          body: { action, note },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: moderationKeys.reports });
      void queryClient.invalidateQueries({ queryKey: moderationKeys.members });
    },
  });
}
