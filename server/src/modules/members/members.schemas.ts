import { z } from 'zod';
import { LIMITS, stripInvisible } from '../../../../packages/rules/index.js';
import { normaliseSkill } from '../../shared/skills.js';
import { httpUrl, isoDate, pageOf } from '../../shared/http-schemas.js';
import { MAX_PROFILE_SKILLS } from './members.policy.js';

/** Names, headlines and titles lose bidirectional overrides and invisible characters (packages/rules). */
const oneLine = (s: string) => stripInvisible(s);

export const handleSchema = z
  .string()
  .min(LIMITS.handleMin, `A handle has at least ${LIMITS.handleMin} characters.`)
  .max(LIMITS.handleMax, `A handle has at most ${LIMITS.handleMax} characters.`)
  .regex(/^[a-zA-Z0-9_-]+$/, 'A handle uses only letters a–z, digits, _ and -.')
  .meta({ description: 'Unique: 3–30 of a–z 0–9 _ -; stored lowercase.', example: 'ada_l' });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'Use an IANA time zone such as Europe/Paris or America/New_York.')
  .meta({ example: 'Europe/Berlin' });

export const skillsSchema = z
  .array(z.string().min(1).max(LIMITS.skillMax))
  .max(MAX_PROFILE_SKILLS, `At most ${MAX_PROFILE_SKILLS} skills.`)
  .refine(
    (arr) => arr.every((s) => normaliseSkill(s).length > 0),
    'Each skill needs at least one letter or digit.',
  )
  .meta({
    description:
      'Free text; normalised to lowercase slugs ("Type Script" → "type-script"), duplicates dropped.',
  });

/**
 * One line of plain text: control characters (newlines, tabs, NUL…) become spaces and bidirectional
 * overrides are dropped, so what the other party reads is what was typed, on one line.
 */
export function stripControls(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- removing them is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export const linkSchema = z.strictObject({
  label: z.string().trim().min(1).max(LIMITS.linkLabelMax),
  url: httpUrl,
});

export const publicMember = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    headline: z.string(),
    bio: z.string().meta({ description: 'Markdown. Render without raw HTML.' }),
    skills: z.array(z.string()),
    timeZone: z.string(),
    links: z.array(z.object({ label: z.string(), url: z.string() })),
    joinedAt: z.string(),
  })
  .meta({ id: 'PublicMember' });

export const selfMember = publicMember
  .extend({
    email: z.string(),
    emailVerified: z.boolean(),
    capacity: z.number().int(),
    role: z.enum(['member', 'admin']),
    contactLine: z.string().meta({
      description:
        'How to reach you outside Slipstream. Only you and the other party of an engagement you share (from acceptance on; not once abandoned) see it.',
    }),
    quietAfterDays: z
      .number()
      .int()
      .meta({ description: 'After how many days without activity a tie shows in keep in touch.' }),
    deletionDueAt: z.string().nullable().meta({
      description:
        'When the account deletion you asked for runs (ISO 8601 UTC), or null. Signing in or `cancelAccountDeletion` before then cancels it.',
    }),
  })
  .meta({ id: 'SelfMember' });

export const workKind = z.enum(['project', 'talk', 'writing', 'delivery', 'other']);

export const workRecord = z
  .object({
    id: z.string(),
    memberId: z.string(),
    title: z.string(),
    summary: z.string(),
    url: z.string().nullable(),
    kind: workKind,
    date: z.string().meta({ description: 'YYYY-MM-DD' }),
    skills: z.array(z.string()),
    verified: z.boolean().meta({ description: 'True only for work delivered in a completed engagement.' }),
    endorsement: z.string().nullable(),
    engagementId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    detailsPublic: z.boolean().meta({
      description:
        'Whether the title, summary and link show to members other than the helper and the owner (verified records; chosen at completion).',
    }),
    detailsHidden: z.boolean().meta({
      description:
        'True when this viewer sees only the rating, skills, endorsement and date under a neutral title (the details are private).',
    }),
    rating: z.number().int().nullable().meta({ description: "The engagement's rating (verified records)." }),
    verifiedBy: z
      .object({ handle: z.string(), name: z.string() })
      .nullable()
      .meta({ description: 'Who verified it: the owner of the engagement, where the details show.' }),
    overflow: z
      .object({ id: z.string(), title: z.string() })
      .nullable()
      .meta({ description: 'The overflow it came from, where the viewer may see it.' }),
  })
  .meta({ id: 'WorkRecord' });

const workPage = pageOf(workRecord).extend({ total: z.number().int() });

const earningEngagement = z
  .object({
    engagementId: z.string(),
    overflowId: z.string().nullable().meta({ description: 'Null when the viewer may not see the overflow.' }),
    title: z.string().nullable().meta({ description: 'Null for a private engagement.' }),
    private: z.boolean(),
    completedAt: z.string(),
    skills: z.array(z.string()),
  })
  .meta({ id: 'EarningEngagement' });

const meritView = z
  .object({
    computedAt: z
      .string()
      .nullable()
      .meta({ description: 'When merit was last recomputed (every few minutes).' }),
    bands: z.array(
      z
        .object({
          skill: z.string().nullable().meta({ description: 'Null for merit overall.' }),
          topPercent: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(25)]),
          label: z.string().meta({ description: 'e.g. "top 5 % in typescript".' }),
          engagements: z.array(earningEngagement),
        })
        .meta({ id: 'MeritBand' }),
    ),
  })
  .meta({ id: 'MemberMerit' });

export const profile = z
  .object({
    member: publicMember,
    verifiedWork: workPage,
    selfReportedWork: workPage,
    completionRecord: z.object({
      completed: z.number().int(),
      abandonedByHelper: z.number().int(),
      abandonedByOwner: z.number().int(),
    }),
    merit: meritView,
    ownerRecord: z
      .object({
        givenOut: z.number().int().meta({ description: 'Engagements started on their overflow.' }),
        completed: z.number().int(),
        averageRatingGiven: z.number().nullable(),
        ratingsGiven: z.number().int(),
        endorsementsWritten: z.number().int(),
      })
      .meta({ id: 'OwnerRecord', description: 'As an owner: the work they gave out and completed.' }),
    endorsementsWritten: z
      .array(
        z.object({
          engagementId: z.string(),
          endorsement: z.string(),
          rating: z.number().int().nullable(),
          completedAt: z.string(),
          helper: z.object({ handle: z.string(), name: z.string() }),
          workRecord: z.object({ id: z.string(), title: z.string(), detailsHidden: z.boolean() }),
        }),
      )
      .meta({ description: 'The newest endorsements they wrote (at most 5), newest first.' }),
  })
  .meta({ id: 'Profile' });

const quietMessage = `Choose between ${LIMITS.quietAfterDaysMin} and ${LIMITS.quietAfterDaysMax} days.`;
const quietAfterDaysSchema = z
  .number(quietMessage)
  .int(quietMessage)
  .min(LIMITS.quietAfterDaysMin, quietMessage)
  .max(LIMITS.quietAfterDaysMax, quietMessage)
  .meta({
    description: `After how many days without activity a tie shows in keep in touch (${LIMITS.quietAfterDaysMin}–${LIMITS.quietAfterDaysMax}, default 90).`,
  });

export const updateMeBody = z
  .strictObject({
    name: z.string().overwrite(oneLine).trim().min(1).max(LIMITS.nameMax).optional(),
    headline: z.string().overwrite(oneLine).max(LIMITS.headlineMax).optional(),
    bio: z.string().max(LIMITS.bioMax).optional(),
    skills: skillsSchema.optional(),
    timeZone: timeZoneSchema.optional(),
    links: z.array(linkSchema).max(LIMITS.linksMax, `At most ${LIMITS.linksMax} links.`).optional(),
    capacity: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .meta({ description: 'How many engagements you take on at once (1–10).' }),
    contactLine: z
      .string()
      .max(LIMITS.contactLineMax, `At most ${LIMITS.contactLineMax} characters.`)
      .transform(stripControls)
      .optional()
      .meta({
        description:
          'How to reach you (an email, a chat handle…), shown only to the other party of an engagement you share while it is active, delivered or completed. Control characters are removed; empty clears it.',
      }),
    quietAfterDays: quietAfterDaysSchema.optional(),
  })
  .meta({ id: 'UpdateMe' });

export const workRecordBody = z
  .strictObject({
    title: z.string().overwrite(oneLine).trim().min(1).max(LIMITS.workTitleMax),
    summary: z.string().max(LIMITS.workSummaryMax).optional(),
    url: httpUrl.nullable().optional(),
    kind: workKind,
    date: isoDate,
    skills: z
      .array(z.string().min(1).max(LIMITS.skillMax))
      .max(LIMITS.workSkillsMax, `At most ${LIMITS.workSkillsMax} skills per work record.`)
      .optional(),
  })
  .meta({ id: 'NewWorkRecord' });

export const workRecordPatch = workRecordBody.partial().meta({ id: 'WorkRecordPatch' });

export const handleParams = z.strictObject({ handle: z.string().min(1).max(40) });

export const workRecordsQuery = z.strictObject({
  verified: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: verified work; false (default): self-reported.' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const skillsQuery = z.strictObject({
  q: z.string().max(40).optional().meta({ description: 'Prefix to match (normalised like a skill).' }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const skillList = z
  .object({ items: z.array(z.object({ skill: z.string(), uses: z.number().int() })) })
  .meta({ id: 'SkillList' });
