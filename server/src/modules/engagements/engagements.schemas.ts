import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { httpUrl } from '../../shared/http-schemas.js';
import { memberSummary, overflowView } from '../overflow/overflow.schemas.js';

export const engagementView = z
  .object({
    id: z.string(),
    status: z.enum(['active', 'delivered', 'completed', 'abandoned']),
    overflow: overflowView,
    owner: memberSummary,
    helper: memberSummary,
    offerId: z.string(),
    startedAt: z.string(),
    deliveredAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    autoCompleted: z.boolean(),
    autoCompleteAt: z
      .string()
      .nullable()
      .meta({ description: 'While delivered: when it completes by itself if the owner does not respond.' }),
    abandoned: z.object({ at: z.string(), byHandle: z.string().nullable(), reason: z.string() }).nullable(),
    review: z
      .object({ rating: z.number().int().nullable(), endorsement: z.string(), skills: z.array(z.string()) })
      .nullable(),
    workRecordId: z
      .string()
      .nullable()
      .meta({ description: 'The verified work record created at completion.' }),
    events: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        note: z.string(),
        links: z.array(z.string()),
        notePrivate: z
          .boolean()
          .meta({ description: 'A delivery note the helper kept off their public profile.' }),
        actor: z.object({ handle: z.string(), name: z.string() }).nullable(),
        createdAt: z.string(),
      }),
    ),
    viewerRole: z.enum(['owner', 'helper', 'admin']),
    detailsPublicByDefault: z.boolean().meta({
      description:
        "Whether the verified record's title, summary and link show on the helper's public profile unless the owner says otherwise at completion: yes for public overflow, no for members-only overflow or a direct ask.",
    }),
  })
  .meta({ id: 'Engagement' });

/** One engagement as its page reads it: the view, and what only its two parties get. */
export const engagementDetail = engagementView
  .extend({
    counterpartContact: z.string().nullable().meta({
      description:
        'The other party’s contact line (how to reach them outside Slipstream), while the engagement is active, delivered or completed; null once abandoned, for an admin, or when they left it empty.',
    }),
  })
  .meta({ id: 'EngagementDetail' });

export const deliveryBody = z
  .strictObject({
    note: z.string().trim().min(1, 'Say what you delivered.').max(LIMITS.deliveryNoteMax),
    links: z.array(httpUrl).max(LIMITS.deliveryLinksMax).default([]),
    notePrivate: z.boolean().default(false).meta({
      description:
        "Keep this note off your public profile: the verified record's public summary is then the owner's endorsement, and the links stay between you.",
    }),
  })
  .meta({ id: 'NewDelivery' });

export const revisionBody = z
  .strictObject({ note: z.string().trim().min(1, 'Say what should change.').max(LIMITS.revisionNoteMax) })
  .meta({ id: 'NewRevisionRequest' });

export const completeBody = z
  .strictObject({
    rating: z.number().int().min(1).max(5),
    endorsement: z
      .string()
      .trim()
      .min(1, 'Write a short endorsement: it goes on their profile.')
      .max(LIMITS.endorsementMax),
    skills: z
      .array(z.string().min(1).max(LIMITS.skillMax))
      .max(LIMITS.reviewSkillsMax)
      .default([])
      .meta({ description: "Which of the overflow's skills were demonstrated." }),
    detailsPublic: z.boolean().optional().meta({
      description:
        "Allow the verified record's title, summary and link on the helper's public profile. Default: yes for public overflow, no for members-only overflow or a direct ask (the rating, skills and endorsement always show).",
    }),
  })
  .meta({ id: 'Review' });

export const abandonBody = z
  .strictObject({ reason: z.string().trim().min(1, 'Give a short reason.').max(LIMITS.abandonReasonMax) })
  .meta({ id: 'Abandonment' });

export const myEngagementsQuery = z.strictObject({
  role: z.enum(['helper', 'owner', 'any']).default('any'),
  status: z.enum(['live', 'closed', 'all']).default('all'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
