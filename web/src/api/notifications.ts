import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import { useSession } from './session';

/**
 * Query keys for notifications. Anything that may create or read a notification invalidates
 * `notificationKeys.all`, which refreshes the header badge and the list together.
 */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  list: ['notifications', 'list'] as const,
};

/** How often the header badge asks for the unread count while the tab is visible. */
const POLL_MS = 30_000;
const PAGE_SIZE = 20;

/**
 * The unread count for the header badge. Polls every 30 s while the tab is visible (TanStack Query
 * pauses interval refetches in background tabs) and refetches when the window regains focus.
 */
export function useUnreadNotificationCount() {
  const signedIn = Boolean(useSession().data);
  return useQuery({
    queryKey: notificationKeys.unread,
    enabled: signedIn,
    queryFn: async () =>
      (await call(api.GET('/api/v1/me/notifications', { params: { query: { limit: 1 } } }))).unreadCount,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
  });
}

/** Your notifications, newest first, page by page. */
export function useNotifications() {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const page = await call(
        api.GET('/api/v1/me/notifications', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      );
      // The list carries the freshest count: keep the badge in step without another request.
      queryClient.setQueryData(notificationKeys.unread, page.unreadCount);
      return page;
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}

/** Marks some notifications (`ids`) or all of them (`all: true`) read. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) =>
      call(api.POST('/api/v1/me/notifications/read', { body })),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unread, result.unreadCount);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
