import { z } from 'zod';
import { pageOf } from '../../shared/http-schemas.js';

export const REPORT_SUBJECT_TYPES = [
  'member',
  'overflow',
  'offer',
  'message',
  'question',
  'noticed',
  'thanks',
] as const;

export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hateful',
  'misleading',
  'private_info',
  'other',
] as const;

export const REPORT_NOTE_MAX = 1000;
export const SUSPENSION_REASON_MAX = 1000;

const memberSummary = z.object({ id: z.string(), handle: z.string(), name: z.string() });

// ---- members ----------------------------------------------------------------------------------------------

export const adminMembersQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .meta({ description: 'The start of a handle, a name or an email address (case does not matter).' }),
  role: z.enum(['member', 'admin']).optional(),
  suspended: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const adminMember = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    role: z.enum(['member', 'admin']),
    trusted: z.boolean().meta({ description: 'A seed of merit (docs/merit.md).' }),
    suspendedAt: z.string().nullable(),
    deleted: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminMember' });

export const adminMemberPage = pageOf(adminMember).meta({ id: 'AdminMemberPage' });

export const handleParams = z.strictObject({ handle: z.string().min(1).max(40) });

export const setRoleBody = z
  .strictObject({
    role: z.enum(['member', 'admin']).optional(),
    trusted: z.boolean().optional(),
  })
  .refine((b) => b.role !== undefined || b.trusted !== undefined, 'Give a role, trusted, or both.')
  .meta({ id: 'SetRoleBody' });

export const suspendBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(3, 'Say why, in a few words: the member reads it.')
      .max(SUSPENSION_REASON_MAX),
  })
  .meta({ id: 'SuspendBody' });

// ---- reports -----------------------------------------------------------------------------------------------

export const reportSubjectType = z.enum(REPORT_SUBJECT_TYPES).meta({
  id: 'ReportSubjectType',
  description:
    'member: a profile; overflow; offer; message (in an engagement); question (on an overflow); noticed or thanks: a note.',
});
export const reportReason = z.enum(REPORT_REASONS).meta({ id: 'ReportReason' });
export const reportStatus = z.enum(['open', 'hidden', 'suspended', 'dismissed']).meta({ id: 'ReportStatus' });

export const reportBody = z
  .strictObject({
    subjectType: reportSubjectType,
    subjectId: z.string().min(1).max(64),
    reason: reportReason,
    note: z
      .string()
      .trim()
      .max(REPORT_NOTE_MAX, `At most ${REPORT_NOTE_MAX} characters.`)
      .optional()
      .default(''),
  })
  .meta({ id: 'ReportBody' });

export const reportReceipt = z
  .object({
    id: z.string(),
    status: reportStatus,
    createdAt: z.string(),
  })
  .meta({ id: 'ReportReceipt' });

export const reportsQuery = z.strictObject({
  status: z.enum(['open', 'hidden', 'suspended', 'dismissed', 'all']).default('open'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const reportItem = z
  .object({
    id: z.string(),
    status: reportStatus,
    reason: reportReason,
    note: z.string(),
    createdAt: z.string(),
    reporter: memberSummary.nullable(),
    subject: z.object({
      type: reportSubjectType,
      id: z.string(),
      title: z.string().nullable(),
      excerpt: z.string().meta({ description: 'The start of the reported words.' }),
      hidden: z.boolean(),
      path: z.string().nullable().meta({ description: 'Where it is in the web app, when it has a page.' }),
      author: memberSummary
        .extend({ suspended: z.boolean() })
        .nullable()
        .meta({ description: 'Who wrote it (for a profile: the member).' }),
      openReports: z.number().int().meta({ description: 'Open reports on the same content.' }),
    }),
    resolvedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
  })
  .meta({ id: 'ReportItem' });

export const reportPage = pageOf(reportItem).meta({ id: 'ReportPage' });

export const resolveBody = z
  .strictObject({
    action: z.enum(['hide', 'suspend', 'dismiss']),
    note: z.string().trim().max(SUSPENSION_REASON_MAX).optional().default(''),
  })
  .meta({ id: 'ResolveReportBody' });

export const resolution = z
  .object({
    status: reportStatus,
    resolved: z.number().int().meta({ description: 'Reports on the same content resolved with this one.' }),
  })
  .meta({ id: 'ReportResolution' });
