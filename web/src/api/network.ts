import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { tieKeys } from './ties';

export type Network = Schemas['Network'];
export type NetworkTie = Schemas['NetworkTie'];
export type KeepInTouch = Schemas['KeepInTouch'];
export type KeepInTouchNudge = Schemas['KeepInTouchNudge'];

/** Under `ties`: a thanks, a noticed note or a new tie refreshes them with the ties page. */
export const networkKeys = {
  network: [...tieKeys.ties, 'network'] as const,
  keepInTouch: [...tieKeys.ties, 'keep-in-touch'] as const,
};

/** Your ties for the network picture (the newest 500 by formation, oldest first) and your first tie's date. */
export function useMyNetwork() {
  return useQuery({ queryKey: networkKeys.network, queryFn: () => call(api.GET('/api/v1/me/network')) });
}

/** Ties that have gone quiet, each with a concrete way to give. */
export function useKeepInTouch() {
  return useQuery({
    queryKey: networkKeys.keepInTouch,
    queryFn: () => call(api.GET('/api/v1/me/keep-in-touch')),
  });
}
