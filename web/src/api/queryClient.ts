import { MutationCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';
import { queryKeys } from './keys';

/**
 * Server state lives in TanStack Query. Client errors (4xx) are not retried: asking again gives the same
 * answer. A 401 or a CSRF failure on a write means the session changed under us, so it is re-read.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error, 401) || (isApiError(error, 403) && error.code === 'CSRF_FAILED')) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.session });
        }
      },
    }),
  });
  return queryClient;
}
