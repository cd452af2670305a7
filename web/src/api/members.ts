import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas, type WorkRecord } from './client';
import { queryKeys } from './keys';
import { storeSession, useSession } from './session';

const WORK_PAGE_SIZE = 20;

/** A public profile: the member, their verified work and their self-reported work (first pages). */
export function useProfile(handle: string) {
  return useQuery({
    queryKey: queryKeys.profile(handle),
    queryFn: () => call(api.GET('/api/v1/members/{handle}', { params: { path: { handle } } })),
  });
}

export interface WorkPage {
  items: WorkRecord[];
  nextCursor: string | null;
}

/**
 * A member's work records of one kind, page by page ("Load more"). Pass the first page when it is
 * already known (it comes with the profile) to avoid fetching it twice.
 */
export function useWorkRecordPages(
  handle: string,
  verified: boolean,
  options: { firstPage?: WorkPage; firstPageUpdatedAt?: number; enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey: queryKeys.workRecords(handle, verified),
    enabled: options.enabled ?? true,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/members/{handle}/work-records', {
          params: {
            path: { handle },
            query: {
              verified: verified ? 'true' : 'false',
              limit: WORK_PAGE_SIZE,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    ...(options.firstPage && {
      initialData: { pages: [options.firstPage], pageParams: [null] },
      initialDataUpdatedAt: options.firstPageUpdatedAt,
    }),
    staleTime: 30_000,
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  const session = useSession().data;
  return useMutation({
    mutationFn: (body: Schemas['UpdateMeInput']) => call(api.PATCH('/api/v1/me', { body })),
    onSuccess: (member) => {
      if (session) storeSession(queryClient, { ...session, member });
      void queryClient.invalidateQueries({ queryKey: queryKeys.profile(member.handle) });
      void queryClient.invalidateQueries({ queryKey: ['skills'] });
    },
  });
}

function useInvalidateWork() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.allWorkRecords });
    void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    void queryClient.invalidateQueries({ queryKey: ['skills'] });
  };
}

export function useCreateWorkRecord() {
  const invalidate = useInvalidateWork();
  return useMutation({
    mutationFn: (body: Schemas['NewWorkRecordInput']) => call(api.POST('/api/v1/work-records', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateWorkRecord() {
  const invalidate = useInvalidateWork();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['WorkRecordPatchInput'] }) =>
      call(api.PATCH('/api/v1/work-records/{id}', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteWorkRecord() {
  const invalidate = useInvalidateWork();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/work-records/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
