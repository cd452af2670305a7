import { z } from 'zod';
import { pageOf } from '../../shared/http-schemas.js';

export const auditQuery = z.strictObject({
  scope: z.enum(['mine', 'all']).default('mine').meta({
    description: '`mine` (default): the events that concern you. `all`: everyone’s (administrators).',
  }),
  member: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(40)
    .regex(/^@?[a-z0-9_-]+$/, 'Use a member’s handle, like @ada.')
    .transform((h) => h.replace(/^@/, ''))
    .optional()
    .meta({ description: 'With `scope=all`: only the events that concern this member (a handle).' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const person = z
  .object({
    handle: z.string().nullable().meta({ description: 'Null for a former member.' }),
    name: z.string(),
  })
  .nullable();

export const auditItem = z
  .object({
    id: z.string(),
    action: z.string().meta({ example: 'security.password_changed' }),
    description: z.string().meta({ description: 'The event as a sentence.' }),
    createdAt: z.string(),
    actor: person.meta({ description: 'Who did it; null when the instance did (a job).' }),
    member: person.meta({ description: 'Whom it concerns; null for instance-wide admin actions.' }),
    subjectType: z.string(),
    subjectId: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AuditLine' });

export const auditPage = pageOf(auditItem).meta({ id: 'AuditPage' });
