import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';
import { useSession } from './session';

export type SessionItem = Schemas['SessionItem'];
export type AuditLine = Schemas['AuditLine'];

/** The account's security: sessions and the audit log (activity), under keys of their own. */
export const accountKeys = {
  sessions: ['account', 'sessions'] as const,
  auditAll: ['audit-log'] as const,
  audit: (scope: 'mine' | 'all', member: string | null) => ['audit-log', scope, member ?? ''] as const,
};

const AUDIT_PAGE = 30;

export function useSessions() {
  return useQuery({
    queryKey: accountKeys.sessions,
    queryFn: () => call(api.GET('/api/v1/auth/sessions')),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: accountKeys.auditAll });
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PasswordChangeInput']) => call(api.POST('/api/v1/auth/password', { body })),
    onSuccess: () => {
      // Other sessions are signed out and every token is revoked.
      void queryClient.invalidateQueries({ queryKey: accountKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accessTokens });
      void queryClient.invalidateQueries({ queryKey: accountKeys.auditAll });
    },
  });
}

export function useChangeEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['EmailChangeInput']) => call(api.POST('/api/v1/auth/email', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.auditAll }),
  });
}

/** Applies the email change from the link; runs once per token, whoever is signed in. */
export function useConfirmEmailChange(token: string | null) {
  const queryClient = useQueryClient();
  // With a session cookie the request needs the CSRF token, so wait until the session is known.
  const sessionKnown = !useSession().isPending;
  return useQuery({
    queryKey: ['confirm-email-change', token],
    enabled: Boolean(token) && sessionKnown,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      const done = await call(api.POST('/api/v1/auth/email/confirm', { body: { token: token ?? '' } }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
      return done;
    },
  });
}

/** The audit log, newest first: your own events, or (admins) everyone's, optionally one member's. */
export function useAuditLog(scope: 'mine' | 'all', member: string | null = null) {
  return useInfiniteQuery({
    queryKey: accountKeys.audit(scope, member),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/audit-log', {
          params: {
            query: {
              scope,
              limit: AUDIT_PAGE,
              ...(member ? { member } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
