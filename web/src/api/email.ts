import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

export type EmailSettings = Schemas['EmailSettings'];
export type EmailSettingsPatch = Schemas['EmailSettingsPatch'];
export type EmailMode = EmailSettings['kinds'][number]['mode'];
export type EmailKindSetting = EmailSettings['kinds'][number];
export type UnsubscribeInfo = Schemas['UnsubscribeInfo'];
export type OutboxItem = Schemas['OutboxItem'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type OutboxStatus = OutboxItem['status'];

export const emailKeys = {
  settings: ['email-settings'] as const,
  unsubscribe: (token: string) => ['unsubscribe', token] as const,
  outboxAll: ['admin-outbox'] as const,
  outbox: (status: OutboxStatus | null) => ['admin-outbox', 'list', status ?? 'all'] as const,
  outboxMessage: (id: string) => ['admin-outbox', 'message', id] as const,
};

/** Your email settings: the digest and each kind of event email. */
export function useEmailSettings() {
  return useQuery({
    queryKey: emailKeys.settings,
    queryFn: () => call(api.GET('/api/v1/me/email-settings')),
  });
}

export function useUpdateEmailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailSettingsPatch) => call(api.PATCH('/api/v1/me/email-settings', { body })),
    onSuccess: (settings) => queryClient.setQueryData(emailKeys.settings, settings),
  });
}

/** What an unsubscribe link is for. Reading it changes nothing (link scanners fetch pages too). */
export function useDescribeUnsubscribe(token: string | null) {
  return useQuery({
    queryKey: emailKeys.unsubscribe(token ?? ''),
    queryFn: () => call(api.GET('/api/v1/email/unsubscribe', { params: { query: { token: token! } } })),
    enabled: Boolean(token),
    retry: false,
  });
}

export function useUnsubscribeByToken() {
  return useMutation({
    mutationFn: (token: string) =>
      call(api.POST('/api/v1/email/unsubscribe', { params: { query: { token } } })),
  });
}

export function useResubscribeByToken() {
  return useMutation({
    mutationFn: (token: string) => call(api.POST('/api/v1/email/resubscribe', { body: { token } })),
  });
}

const OUTBOX_PAGE = 25;

/** Recent outbox rows, newest first, page by page (admins). */
export function useAdminOutbox(status: OutboxStatus | null) {
  return useInfiniteQuery({
    queryKey: emailKeys.outbox(status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/admin/outbox', {
          params: {
            query: {
              limit: OUTBOX_PAGE,
              ...(status && { status }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAdminOutboxMessage(id: string | null) {
  return useQuery({
    queryKey: emailKeys.outboxMessage(id ?? ''),
    queryFn: () => call(api.GET('/api/v1/admin/outbox/{id}', { params: { path: { id: id! } } })),
    enabled: Boolean(id),
    retry: false,
  });
}
