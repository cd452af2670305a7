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
  exports: ['exports'] as const,
  // The drafting loop. Mutations invalidate whole families (`overflowAll`, `offersAll`, `engagementsAll`).
  overflowAll: ['overflow'] as const,
  board: (filters: object) => ['overflow', 'board', filters] as const,
  myOverflow: ['overflow', 'mine'] as const,
  overflow: (id: string) => ['overflow', 'detail', id] as const,
  // For you: under 'overflow', so whatever changes the loop refreshes it too.
  recommendations: ['overflow', 'for-you'] as const,
  // Not under 'overflow': an accept or cancel invalidates every overflow query, and refetching suggestions
  // for an overflow that just closed would answer 409 while the panel unmounts.
  suggestedHelpers: (overflowId: string) => ['suggested-helpers', overflowId] as const,
  // Under 'overflow': a cancel or an accept (which closes asking) refreshes the section's viewer too.
  questions: (overflowId: string) => ['overflow', 'questions', overflowId] as const,
  offersAll: ['offers'] as const,
  // Under 'offers': making, withdrawing or an accept changes what the offer form says about capacity.
  myCapacity: ['offers', 'capacity'] as const,
  overflowOffers: (overflowId: string) => ['offers', 'overflow', overflowId] as const,
  myOffers: ['offers', 'mine'] as const,
  engagementsAll: ['engagements'] as const,
  engagement: (id: string) => ['engagements', 'detail', id] as const,
  myEngagements: ['engagements', 'mine'] as const,
  // The home's "needs you": under 'engagements', so every loop change (offers too) refreshes it.
  needsYou: ['engagements', 'needs-you'] as const,
};
