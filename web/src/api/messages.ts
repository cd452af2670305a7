import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { notificationKeys } from './notifications';

export type EngagementMessage = Schemas['EngagementMessage'];
export type EngagementMessagePage = Schemas['EngagementMessagePage'];

/** How often an open conversation asks for new messages while the tab is visible. */
const POLL_MS = 5_000;
const PAGE_SIZE = 30;

export const messageKeys = {
  all: ['engagement-messages'] as const,
  conversation: (engagementId: string) => ['engagement-messages', engagementId] as const,
};

/**
 * An engagement's conversation, newest page first ("Load earlier" fetches older pages). Polls every 5 s
 * while the tab is visible (TanStack Query pauses interval refetches in background tabs).
 */
export function useEngagementMessages(engagementId: string) {
  return useInfiniteQuery({
    queryKey: messageKeys.conversation(engagementId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/engagements/{id}/messages', {
          params: {
            path: { id: engagementId },
            query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}

type Conversation = InfiniteData<EngagementMessagePage, string | null>;

/** Puts a sent or edited message into the cached conversation at once (the next poll confirms it). */
function useUpsertMessage(engagementId: string) {
  const queryClient = useQueryClient();
  return (message: EngagementMessage) =>
    queryClient.setQueryData<Conversation>(messageKeys.conversation(engagementId), (data) => {
      if (!data) return data;
      const known = data.pages.some((p) => p.items.some((m) => m.id === message.id));
      const pages = data.pages.map((p, i) => ({
        ...p,
        items: known
          ? p.items.map((m) => (m.id === message.id ? message : m))
          : i === 0
            ? [message, ...p.items]
            : p.items,
      }));
      return { ...data, pages };
    });
}

export function useSendMessage(engagementId: string) {
  const upsert = useUpsertMessage(engagementId);
  return useMutation({
    mutationFn: (body: string) =>
      call(
        api.POST('/api/v1/engagements/{id}/messages', {
          params: { path: { id: engagementId } },
          body: { body },
        }),
      ),
    onSuccess: upsert,
  });
}

export function useEditMessage(engagementId: string) {
  const upsert = useUpsertMessage(engagementId);
  return useMutation({
    mutationFn: ({ messageId, body }: { messageId: string; body: string }) =>
      call(
        api.PATCH('/api/v1/engagements/{id}/messages/{messageId}', {
          params: { path: { id: engagementId, messageId } },
          body: { body },
        }),
      ),
    onSuccess: upsert,
  });
}

/** Marks the conversation read: the message notification goes read too, so the header badge refreshes. */
export function useMarkEngagementRead(engagementId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/engagements/{id}/read', { params: { path: { id: engagementId } } })),
    onSuccess: (state) => {
      queryClient.setQueryData<Conversation>(messageKeys.conversation(engagementId), (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p, i) =>
                i === 0 ? { ...p, unreadCount: 0, lastReadAt: state.lastReadAt } : p,
              ),
            }
          : data,
      );
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
