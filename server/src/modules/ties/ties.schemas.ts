import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { pageOf } from '../../shared/http-schemas.js';
import { handleParams } from '../members/members.schemas.js';
import { overflowView } from '../overflow/overflow.schemas.js';
import { MIN_COMPLETED } from './style.js';

/** A member's thanks wall is addressed by their handle, as their profile is. */
export const thanksWallParams = handleParams;

const person = z.object({ handle: z.string(), name: z.string() });

const ledgerParts = z
  .object({
    helpHours: z.number().meta({ description: 'Help, in effort hours.' }),
    opportunities: z.number().int().meta({ description: 'Pieces of work given out and completed.' }),
    reviews: z.number().int().meta({ description: 'Deliveries reviewed within the review window.' }),
    endorsements: z.number().int(),
    thanks: z.number().int(),
    asks: z.number().int().meta({ description: 'Direct asks (counted, not weighed).' }),
  })
  .meta({ id: 'LedgerParts' });

export const tieView = z
  .object({
    id: z.string(),
    member: z.object({ id: z.string(), handle: z.string(), name: z.string(), headline: z.string() }),
    formedVia: z.enum(['engagement', 'noticed']),
    label: z.string().meta({ description: 'How it formed, e.g. “met through …”.' }),
    strength: z.number().int(),
    since: z.string(),
    lastActivity: z.string(),
    given: z.number().meta({
      description:
        'What you gave them, in ledger units: help in effort hours, an owner’s opportunity, review and endorsement together as much as the help they got, a thanks 1.',
    }),
    received: z.number(),
    transactional: z.boolean().meta({ description: 'You have only ever received from this person.' }),
  })
  .meta({ id: 'Tie' });

export const ledgerView = z
  .object({
    given: z.number(),
    received: z.number(),
    style: z.enum(['new', 'giver', 'matcher', 'taker']).meta({
      description: `'new' until ${MIN_COMPLETED} engagements have completed (as helper or owner).`,
    }),
    styleExplanation: z.string(),
    completedEngagements: z.number().int(),
    styleNeeds: z
      .number()
      .int()
      .meta({ description: 'How many more completed engagements the style needs (0 once it shows).' }),
    reasons: z
      .object({ given: ledgerParts, received: ledgerParts })
      .meta({ description: "The style's reasons as data: what you gave and received, by kind." }),
    ties: z.array(tieView).meta({
      description: 'Your 20 ties with the newest activity; the rest page through GET /me/ties.',
    }),
    tiesNextCursor: z
      .string()
      .nullable()
      .meta({ description: 'The cursor of GET /me/ties for the ties after these; null when none.' }),
    giveBack: z.array(z.object({ tie: tieView, openOverflow: z.array(overflowView) })),
    recent: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        weight: z.number(),
        direction: z.enum(['gave', 'received']),
        other: person,
        sourceType: z.string(),
        sourceId: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'Ledger' });

export const tiesQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  member: z
    .string()
    .min(3)
    .max(30)
    .optional()
    .meta({ description: 'A handle: only your tie with this member (none when you have no tie).' }),
});

export const noticedBody = z
  .strictObject({
    workRecordId: z.string().min(1).max(64),
    message: z
      .string()
      .trim()
      .min(LIMITS.noticedNoteMin, 'Say what you noticed, specifically.')
      .max(LIMITS.noticedNoteMax),
  })
  .meta({ id: 'NewNoticedNote' });

export const noticedView = z
  .object({
    id: z.string(),
    message: z.string(),
    status: z.enum(['pending', 'accepted', 'ignored']),
    other: person,
    workRecord: z.object({ id: z.string(), title: z.string() }),
    createdAt: z.string(),
  })
  .meta({ id: 'NoticedNote' });

export const noticedQuery = z.strictObject({
  box: z.enum(['received', 'sent']).default('received'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const thanksBody = z
  .strictObject({
    toHandle: z.string().min(3).max(30),
    message: z.string().trim().min(1).max(LIMITS.thanksMessageMax),
    engagementId: z.string().max(64).optional(),
  })
  .meta({ id: 'NewThanks' });

const thanksView = z
  .object({
    id: z.string(),
    message: z.string(),
    from: person,
    engagementId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Thanks' });

export const thanksPage = pageOf(thanksView);
