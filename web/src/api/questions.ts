import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';
import { queryKeys } from './keys';

export type Question = Schemas['Question'];
export type QuestionsPage = Schemas['QuestionsPage'];

const PAGE_SIZE = 20;

/** Questions on one overflow, newest first, page by page; `viewer` says whether you may ask. */
export function useQuestions(overflowId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.questions(overflowId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/overflow/{id}/questions', {
          params: {
            path: { id: overflowId },
            query: { limit: PAGE_SIZE, ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

function useInvalidateQuestions(overflowId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.questions(overflowId) });
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  };
}

export function useAskQuestion(overflowId: string) {
  const invalidate = useInvalidateQuestions(overflowId);
  return useMutation({
    mutationFn: (body: string) =>
      call(
        api.POST('/api/v1/overflow/{id}/questions', { params: { path: { id: overflowId } }, body: { body } }),
      ),
    onSuccess: invalidate,
  });
}

export function useAnswerQuestion(overflowId: string) {
  const invalidate = useInvalidateQuestions(overflowId);
  return useMutation({
    mutationFn: ({ questionId, answer }: { questionId: string; answer: string }) =>
      call(
        api.PUT('/api/v1/questions/{id}/answer', { params: { path: { id: questionId } }, body: { answer } }),
      ),
    onSuccess: invalidate,
  });
}

export function useHideQuestion(overflowId: string) {
  const invalidate = useInvalidateQuestions(overflowId);
  return useMutation({
    mutationFn: ({ questionId, hidden }: { questionId: string; hidden: boolean }) =>
      call(
        api.PUT('/api/v1/questions/{id}/hidden', { params: { path: { id: questionId } }, body: { hidden } }),
      ),
    onSuccess: invalidate,
  });
}
