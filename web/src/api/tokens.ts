import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export function useAccessTokens() {
  return useQuery({
    queryKey: queryKeys.accessTokens,
    queryFn: () => call(api.GET('/api/v1/me/access-tokens')),
  });
}

export function useCreateAccessToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['NewAccessTokenInput']) =>
      call(api.POST('/api/v1/me/access-tokens', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.accessTokens }),
  });
}

export function useRevokeAccessToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/me/access-tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.accessTokens }),
  });
}
