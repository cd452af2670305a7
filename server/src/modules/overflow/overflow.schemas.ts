import { z } from 'zod';
import { LIMITS, stripInvisible } from '../../../../packages/rules/index.js';
import { isoDate, pageOf } from '../../shared/http-schemas.js';
import { normaliseSkill } from '../../shared/skills.js';

/** Names and titles lose bidirectional overrides and invisible characters (packages/rules). */
const oneLine = (s: string) => stripInvisible(s);

export const memberSummary = z
  .object({
    id: z.string(),
    handle: z.string().meta({ description: 'Empty for a former member (there is no profile to link to).' }),
    name: z.string(),
    headline: z.string(),
    former: z.boolean().meta({
      description: 'A member who deleted their account: show "a former member", without a link.',
    }),
  })
  .meta({ id: 'MemberSummary' });

const overflowStatus = z
  .enum(['open', 'assigned', 'delivered', 'completed', 'cancelled', 'expired', 'suspended'])
  .meta({
    description:
      "`suspended`: it was open when its owner's account was suspended; only its owner and admins see it, and it opens again if the owner is reinstated before it is due.",
  });
const visibility = z.enum(['public', 'members', 'ask']).meta({
  description:
    '`public`: anyone, even signed out. `members`: signed-in members. `ask`: a direct ask to one of your ties (`askHandle`).',
});

export const overflowView = z
  .object({
    id: z.string(),
    title: z.string(),
    brief: z.string().meta({ description: 'Markdown. Render without raw HTML.' }),
    skills: z.array(z.string()),
    effortHours: z.number().int(),
    dueOn: z.string().nullable(),
    visibility,
    askMember: memberSummary.nullable(),
    status: overflowStatus,
    owner: memberSummary,
    createdAt: z.string(),
    updatedAt: z.string(),
    hidden: z.boolean().meta({
      description:
        'True for an overflow embedded in your offers or engagements that you may no longer see (narrowed to a direct ask to someone else): a stub with its id, state and owner, a stand-in title, and no brief, skills, effort or due date.',
    }),
    removed: z.boolean().meta({
      description:
        'A moderator hid it: only its owner and admins see it, and it is in no list (board, search, matching).',
    }),
  })
  .meta({ id: 'Overflow' });

export const overflowDetail = overflowView
  .extend({
    viewer: z.object({
      isOwner: z.boolean(),
      offerBlockedReason: z
        .string()
        .nullable()
        .meta({ description: 'Why you cannot offer now, in words; null when you can.' }),
      myPendingOfferId: z.string().nullable(),
      engagementId: z.string().nullable(),
    }),
    pendingOfferCount: z.number().int(),
  })
  .meta({ id: 'OverflowDetail' });

const skills = z
  .array(z.string().min(1).max(LIMITS.skillMax))
  .min(1, 'Add at least one skill.')
  .max(LIMITS.overflowSkillsMax, `At most ${LIMITS.overflowSkillsMax} skills.`)
  .refine(
    (arr) => arr.every((s) => normaliseSkill(s).length > 0),
    'Each skill needs at least one letter or digit.',
  );

export const overflowBody = z
  .strictObject({
    title: z
      .string()
      .overwrite(oneLine)
      .trim()
      .min(LIMITS.overflowTitleMin, `A title has at least ${LIMITS.overflowTitleMin} characters.`)
      .max(LIMITS.overflowTitleMax),
    brief: z.string().trim().min(1, 'Describe the work.').max(LIMITS.overflowBriefMax),
    skills,
    effortHours: z
      .number()
      .int()
      .min(1, 'At least 1 hour.')
      .max(200, 'At most 200 hours: split bigger work.'),
    dueOn: isoDate.nullable().optional(),
    visibility,
    askHandle: z.string().min(3).max(30).optional(),
  })
  .refine((b) => b.visibility !== 'ask' || !!b.askHandle, {
    message: 'Say whom you are asking.',
    path: ['askHandle'],
  })
  .meta({ id: 'NewOverflow' });

export const overflowPatch = z
  .strictObject({
    title: z
      .string()
      .overwrite(oneLine)
      .trim()
      .min(LIMITS.overflowTitleMin)
      .max(LIMITS.overflowTitleMax)
      .optional(),
    brief: z.string().trim().min(1).max(LIMITS.overflowBriefMax).optional(),
    skills: skills.optional(),
    effortHours: z.number().int().min(LIMITS.effortHoursMin).max(LIMITS.effortHoursMax).optional(),
    dueOn: isoDate.nullable().optional(),
    visibility: visibility.optional(),
    askHandle: z.string().min(3).max(30).optional(),
  })
  .meta({ id: 'OverflowPatch' });

const csv = z
  .string()
  .max(400)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const boardQuery = z.strictObject({
  skills: csv.optional().meta({ description: 'Comma-separated; matches overflow with any of them.' }),
  minEffort: z.coerce.number().int().min(1).max(200).optional(),
  maxEffort: z.coerce.number().int().min(1).max(200).optional(),
  dueBefore: isoDate.optional(),
  sort: z.enum(['newest', 'due']).default('newest').meta({
    description:
      'Newest first, or soonest due (undated last). For the postings that fit you, use `recommendOverflow` (GET /me/recommended-overflow).',
  }),
  owner: z.string().max(30).optional().meta({ description: 'A handle, or `me`.' }),
  status: z
    .enum(['open', 'all'])
    .default('open')
    .meta({ description: '`all` includes closed overflow (with `owner`).' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const overflowPage = pageOf(overflowView);
