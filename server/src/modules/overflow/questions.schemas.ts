import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { memberSummary } from './overflow.schemas.js';

export const questionView = z
  .object({
    id: z.string(),
    overflowId: z.string(),
    body: z.string().meta({ description: 'Markdown. Render without raw HTML.' }),
    asker: memberSummary,
    answer: z
      .string()
      .nullable()
      .meta({ description: "The owner's answer (Markdown, render without raw HTML); null until answered." }),
    answeredAt: z.string().nullable(),
    hidden: z.boolean().meta({
      description:
        'Hidden by the owner. Only the owner sees hidden questions (everyone else never gets them).',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Question' });

export const questionsPage = z
  .object({
    items: z.array(questionView),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` to get the next page; null at the end.' }),
    viewer: z.object({
      isOwner: z.boolean(),
      canAsk: z.boolean(),
      askBlockedReason: z
        .string()
        .nullable()
        .meta({ description: 'Why you cannot ask now, in words; null when you can.' }),
    }),
  })
  .meta({ id: 'QuestionsPage' });

export const questionsQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const questionBody = z
  .strictObject({
    body: z
      .string()
      .trim()
      .min(LIMITS.questionMin, `Ask in at least ${LIMITS.questionMin} characters.`)
      .max(LIMITS.questionMax, `At most ${LIMITS.questionMax} characters.`),
  })
  .meta({ id: 'NewQuestion' });

export const answerBody = z
  .strictObject({
    answer: z
      .string()
      .trim()
      .min(1, 'Write an answer.')
      .max(LIMITS.answerMax, `At most ${LIMITS.answerMax} characters.`),
  })
  .meta({ id: 'Answer' });

export const hideBody = z
  .strictObject({
    hidden: z.boolean().meta({ description: 'true hides the question, false shows it again.' }),
  })
  .meta({ id: 'QuestionVisibility' });
