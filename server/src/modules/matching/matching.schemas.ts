import { z } from 'zod';
import { memberSummary, overflowView } from '../overflow/overflow.schemas.js';

export const recommendQuery = z.strictObject({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const recommendedOverflow = overflowView
  .extend({
    match: z
      .object({
        verifiedSkills: z
          .array(z.string())
          .meta({ description: 'Its skills you have verified work in (they weigh most).' }),
        declaredSkills: z
          .array(z.string())
          .meta({ description: 'Its skills on your profile that you have not yet proven.' }),
        ownerMeritBand: z.string().nullable().meta({
          description:
            'The owner’s overall merit band as their profile shows it (top 1, 5, 10 or 25 %), such as "top 5 %"; null outside those bands or not yet scored.',
        }),
      })
      .meta({ description: 'Why it is recommended to you.' }),
  })
  .meta({ id: 'RecommendedOverflow' });

export const recommendationPage = z
  .object({
    items: z.array(recommendedOverflow),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` to get the next page; null at the end.' }),
    basis: z
      .object({ verifiedSkills: z.array(z.string()), declaredSkills: z.array(z.string()) })
      .meta({ description: 'The skills the recommendations are built on: proven ones, then profile ones.' }),
  })
  .meta({ id: 'RecommendationPage' });

export const suggestQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

export const suggestedHelper = z
  .object({
    member: memberSummary,
    meritBand: z
      .object({
        label: z.string().meta({ description: 'Such as "top 5 %".' }),
        skill: z.string().nullable().meta({ description: 'The skill it is in; null for overall merit.' }),
      })
      .nullable(),
    verifiedSkills: z
      .array(z.string())
      .meta({ description: 'The overflow’s skills they have verified work in.' }),
    verifiedWorkInSkills: z.number().int(),
    verifiedWorkCount: z.number().int(),
    capacity: z.number().int(),
    freeCapacity: z.number().int().meta({ description: 'Engagements they could still take on now.' }),
    invited: z.boolean().meta({ description: 'You already invited them to offer on this overflow.' }),
  })
  .meta({ id: 'SuggestedHelper' });

export const suggestedHelpers = z.object({ items: z.array(suggestedHelper) });

export const inviteBody = z
  .strictObject({
    handle: z
      .string()
      .trim()
      .min(3)
      .max(31)
      .meta({ description: 'The member to invite, by handle (a leading @ is fine).' }),
  })
  .meta({ id: 'InviteToOffer' });

export const invitationView = z
  .object({ member: memberSummary, createdAt: z.string() })
  .meta({ id: 'Invitation' });
