import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export type NeedsYou = Schemas['NeedsYou'];

/** What needs the signed-in member now (the home page's first section); refreshed by every loop change. */
export function useNeedsYou() {
  return useQuery({
    queryKey: queryKeys.needsYou,
    queryFn: () => call(api.GET('/api/v1/me/needs-you')),
    // New offers and messages arrive from other people: look again now and then while the page is open.
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}
