import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { isoDate, pageOf } from '../../shared/http-schemas.js';
import { memberSummary, overflowView } from '../overflow/overflow.schemas.js';

const evidence = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    url: z.string().nullable(),
    verified: z.boolean(),
    date: z.string(),
  })
  .meta({ id: 'Evidence' });

export const offerView = z
  .object({
    id: z.string(),
    overflowId: z.string(),
    helper: memberSummary.extend({
      verifiedWorkCount: z.number().int(),
      completedEngagements: z.number().int(),
      recentVerifiedWork: z.array(evidence),
    }),
    pitch: z.string().meta({
      description: 'Empty, with no evidence, on a withdrawn offer in the owner’s list: it was taken back.',
    }),
    evidence: z.array(evidence),
    proposedOn: z.string(),
    status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
    declineNote: z.string().nullable(),
    engagementId: z.string().nullable(),
    createdAt: z.string(),
    helperAtCapacity: z.boolean().meta({
      description:
        'Pending offers: the helper’s engagements (active, or delivered and awaiting review) fill their capacity, so accepting is refused (`CAPACITY_REACHED`) until one completes. False otherwise.',
    }),
    removed: z.boolean().meta({
      description:
        'A moderator hid it: the owner reads "Removed by a moderator." as its pitch; its helper still reads it.',
    }),
  })
  .meta({ id: 'Offer' });

export const capacityView = z
  .object({
    capacity: z.number().int().meta({ description: 'How many engagements you take on at once.' }),
    slotsTaken: z.number().int().meta({
      description: 'Your engagements as a helper that are active, or delivered and awaiting review.',
    }),
    pendingOffers: z.number().int(),
    maxPendingOffers: z.number().int(),
    canOffer: z.boolean(),
    blockedReason: z
      .string()
      .nullable()
      .meta({ description: 'Why a new offer would be refused now, in words; null when you can offer.' }),
  })
  .meta({ id: 'Capacity' });

export const offerBody = z
  .strictObject({
    pitch: z
      .string()
      .trim()
      .min(LIMITS.pitchMin, 'Say in a sentence or two why you are a good fit.')
      .max(LIMITS.pitchMax),
    evidence: z
      .array(z.string().min(1).max(64))
      .max(LIMITS.evidenceMax, 'At most five pieces of evidence.')
      .default([]),
    proposedOn: isoDate.meta({ description: 'When you can deliver.' }),
  })
  .meta({ id: 'NewOffer' });

export const declineBody = z
  .strictObject({ note: z.string().max(LIMITS.declineNoteMax).optional() })
  .optional();

export const myOffersQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const myOffersPage = pageOf(offerView.extend({ overflow: overflowView }));
