/** Query keys in one place, so mutations invalidate exactly what they change. */
export const queryKeys = {
  session: ['session'] as const,
  instance: ['instance'] as const,
  profile: (handle: string) => ['profile', handle.toLowerCase()] as const,
  profiles: ['profile'] as const,
  workRecords: (handle: string, verified: boolean) =>
    ['work-records', handle.toLowerCase(), verified ? 'verified' : 'self-reported'] as const,
  allWorkRecords: ['work-records'] as const,
  skills: (prefix: string) => ['skills', prefix] as const,
  accessTokens: ['access-tokens'] as const,
};
