import { z } from 'zod';

const tieMember = z.object({ id: z.string(), handle: z.string(), name: z.string(), headline: z.string() });

export const networkTie = z
  .object({
    id: z.string(),
    member: tieMember,
    formedAt: z.string().meta({ description: 'When the tie formed (ISO time).' }),
    formedVia: z.enum(['engagement', 'noticed']),
    formedLabel: z.string().meta({ description: 'How it formed, e.g. “worked together on …”.' }),
    completedTogether: z
      .number()
      .int()
      .meta({ description: 'Completed engagements between you and them, either direction.' }),
    lastActivity: z.string(),
  })
  .meta({ id: 'NetworkTie' });

export const networkView = z
  .object({
    member: z.object({ id: z.string(), handle: z.string(), name: z.string() }),
    firstTieAt: z
      .string()
      .nullable()
      .meta({ description: 'When your first tie formed (the time slider starts here); null without ties.' }),
    ties: z.array(networkTie).meta({
      description: 'Your newest ties by formation (at most 500), listed in formation order (oldest first).',
    }),
    truncated: z.boolean().meta({ description: 'True when you have more ties than are listed.' }),
  })
  .meta({ id: 'Network' });

const suggestion = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('overflow'),
      overflow: z.object({
        id: z.string(),
        title: z.string(),
        effortHours: z.number().int(),
        dueOn: z.string().nullable(),
      }),
    }),
    z.object({ kind: z.literal('noticed'), workRecord: z.object({ id: z.string(), title: z.string() }) }),
    z.object({ kind: z.literal('thanks') }),
  ])
  .meta({
    id: 'KeepInTouchSuggestion',
    description:
      'A concrete way to give: their newest open overflow you can see, else a noticed note about their newest work, else a thanks note.',
  });

export const keepInTouchView = z
  .object({
    quietAfterDays: z.number().int(),
    items: z.array(
      z.object({ tie: networkTie, quietDays: z.number().int(), suggestion }).meta({ id: 'KeepInTouchNudge' }),
    ),
  })
  .meta({ id: 'KeepInTouch' });
