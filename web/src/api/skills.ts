import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import { queryKeys } from './keys';

/** Skills already in use on this instance that start with `prefix`, most used first. */
export function useSkillSuggestions(prefix: string) {
  const q = prefix.trim();
  return useQuery({
    queryKey: queryKeys.skills(q),
    queryFn: () =>
      call(
        api.GET('/api/v1/skills', { params: { query: { limit: 10, ...(q ? { q: q.slice(0, 40) } : {}) } } }),
      ),
    select: (list) => list.items.map((item) => item.skill),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
