import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

export type OverflowSearchHit = Schemas['OverflowSearchHit'];
export type MemberSearchHit = Schemas['MemberSearchHit'];
export type SearchSnippet = Schemas['SearchSnippet'];

export interface WorkSearch {
  q: string;
  skills: string[];
  minEffort: number | null;
  maxEffort: number | null;
  dueBefore: string | null;
  includeClosed: boolean;
}

export interface PeopleSearch {
  q: string;
  skills: string[];
}

const PAGE_SIZE = 20;

/** Full-text search of overflow (`searchOverflow`), page by page; idle until there is something to search (and while `enabled` is false). */
export function useWorkSearch(s: WorkSearch, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['overflow', 'search', s],
    enabled: enabled && s.q.trim().length > 0,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/search/overflow', {
          params: {
            query: {
              q: s.q,
              limit: PAGE_SIZE,
              status: s.includeClosed ? 'all' : 'open',
              ...(s.skills.length > 0 && { skills: s.skills.join(',') }),
              ...(s.minEffort !== null && { minEffort: s.minEffort }),
              ...(s.maxEffort !== null && { maxEffort: s.maxEffort }),
              ...(s.dueBefore && { dueBefore: s.dueBefore }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** People by skill and words (`searchMembers`); idle until a word or a skill is given. */
export function usePeopleSearch(s: PeopleSearch) {
  return useInfiniteQuery({
    queryKey: ['members', 'search', s],
    enabled: s.q.trim().length > 0 || s.skills.length > 0,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/search/members', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(s.q.trim() && { q: s.q.trim() }),
              ...(s.skills.length > 0 && { skills: s.skills.join(',') }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
