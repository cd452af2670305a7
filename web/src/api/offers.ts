import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';
import { useInvalidateLoop } from './overflow';

export type Offer = Schemas['Offer'];
export type OfferStatus = Offer['status'];
export type Evidence = Schemas['Evidence'];

/** Offers on one overflow: all of them for its owner, only your own for a helper. */
export function useOverflowOffers(overflowId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.overflowOffers(overflowId),
    enabled,
    queryFn: () => call(api.GET('/api/v1/overflow/{id}/offers', { params: { path: { id: overflowId } } })),
  });
}

export type Capacity = Schemas['Capacity'];

/** The signed-in member against the two offer rules (capacity, pending-offer budget), before offering. */
export function useMyCapacity(enabled = true) {
  return useQuery({
    queryKey: queryKeys.myCapacity,
    enabled,
    queryFn: () => call(api.GET('/api/v1/me/capacity')),
  });
}

export function useMyOffers() {
  return useInfiniteQuery({
    queryKey: queryKeys.myOffers,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/me/offers', {
          params: { query: { limit: 20, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useCreateOffer() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: ({ overflowId, body }: { overflowId: string; body: Schemas['NewOfferInput'] }) =>
      call(api.POST('/api/v1/overflow/{id}/offers', { params: { path: { id: overflowId } }, body })),
    onSuccess: invalidate,
  });
}

export function useWithdrawOffer() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: (offerId: string) =>
      call(api.POST('/api/v1/offers/{id}/withdraw', { params: { path: { id: offerId } }, body: {} })),
    onSuccess: invalidate,
  });
}

export function useDeclineOffer() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: ({ offerId, note }: { offerId: string; note: string }) =>
      call(
        api.POST('/api/v1/offers/{id}/decline', {
          params: { path: { id: offerId } },
          body: note ? { note } : {},
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useAcceptOffer() {
  const invalidate = useInvalidateLoop();
  return useMutation({
    mutationFn: (offerId: string) =>
      call(api.POST('/api/v1/offers/{id}/accept', { params: { path: { id: offerId } }, body: {} })),
    onSuccess: invalidate,
  });
}
