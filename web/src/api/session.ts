import {
  useIsMutating,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  api,
  call,
  isApiError,
  setCsrfToken,
  trackSessionRequest,
  type Schemas,
  type Session,
} from './client';
import { queryKeys } from './keys';

function fetchSession(): Promise<Session | null> {
  const pending = readSession();
  trackSessionRequest(pending);
  return pending;
}

/** Signed out is an answer, not an error (`member: null`), so a signed-out page logs no failed request. */
async function readSession(): Promise<Session | null> {
  try {
    const state = await call(api.GET('/api/v1/auth/session'));
    if (!state.member) {
      setCsrfToken(null);
      return null;
    }
    const session: Session = { member: state.member, csrfToken: state.csrfToken ?? '' };
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in member (and CSRF token), or null when signed out. */
export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: fetchSession, staleTime: 60_000 });
}

/** Shorthand: the signed-in member, null when signed out, undefined while loading. */
export function useCurrentMember() {
  const { data } = useSession();
  return data === undefined ? undefined : (data?.member ?? null);
}

/** Keeps the CSRF token and the cached session in step. */
export function storeSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(queryKeys.session, session);
}

/** After the signed-in member changes, views cached for the previous one are stale. */
function resetMemberScopedQueries(queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: queryKeys.accessTokens });
  void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CredentialsInput']) => call(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (session) => {
      storeSession(queryClient, session);
      resetMemberScopedQueries(queryClient);
    },
  });
}

/** Asks for an account. Signs nobody in: the emailed link confirms the address and starts the session. */
export function useSignUp() {
  return useMutation({
    mutationFn: (body: Schemas['RegistrationInput']) => call(api.POST('/api/v1/auth/register', { body })),
  });
}

/** Signs out; `onSignedOut` runs just before the cached session is cleared (e.g. to navigate away). */
const SIGN_OUT = ['session', 'sign-out'] as const;

/**
 * True while a sign-out is under way (until the session is cleared). Pages that would load member-only data
 * on the way out (the home page, where signing out lands) wait, so no request goes out with a dead session.
 */
export function useSigningOut(): boolean {
  return useIsMutating({ mutationKey: SIGN_OUT }) > 0;
}

export function useSignOut({ onSignedOut }: { onSignedOut?: () => void | Promise<void> } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: SIGN_OUT,
    mutationFn: () => call(api.POST('/api/v1/auth/logout')),
    onSettled: async (_data, error) => {
      // Signed out either way when the server no longer knows the session.
      if (!error || isApiError(error, 401)) {
        await onSignedOut?.();
        storeSession(queryClient, null);
        resetMemberScopedQueries(queryClient);
      }
    },
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/verify-email/resend', { body: {} })),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => call(api.POST('/api/v1/auth/password-reset/request', { body: { email } })),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      call(api.POST('/api/v1/auth/password-reset/confirm', { body })),
    // A reset signs out every session of the account, possibly this one.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
  });
}

/**
 * Confirms an email address and signs its member in (the link is how a new member first signs in).
 * A query rather than a mutation: the link's token is single-use, and a
 * query runs once per token even when React mounts the page twice.
 */
export function useVerifyEmail(token: string | null) {
  const queryClient = useQueryClient();
  // With a session cookie the request needs the CSRF token, so wait until the session is known.
  const sessionKnown = !useSession().isPending;
  return useQuery({
    queryKey: ['verify-email', token],
    enabled: Boolean(token) && sessionKnown,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      const session = await call(api.POST('/api/v1/auth/verify-email', { body: { token: token ?? '' } }));
      storeSession(queryClient, session);
      resetMemberScopedQueries(queryClient);
      return session;
    },
  });
}
