import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';
import { pageOf } from '../../shared/http-schemas.js';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'Use a domain like example.org.');

export const instance = z
  .object({
    name: z.string(),
    signupMode: z.enum(['open', 'invite', 'domains']),
    allowedDomains: z.array(z.string()),
    autoCompleteDays: z
      .number()
      .int()
      .meta({ description: 'Review window after a delivery before auto-completion.' }),
    insightsPublic: z.boolean().meta({
      description: 'The community insights (GET /insights/instance) are public, signed out included.',
    }),
  })
  .meta({ id: 'Instance' });

export const instancePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.instanceNameMax).optional(),
    signupMode: z.enum(['open', 'invite', 'domains']).optional(),
    allowedDomains: z.array(domain).max(50).optional(),
    autoCompleteDays: z.number().int().min(LIMITS.reviewDaysMin).max(LIMITS.reviewDaysMax).optional(),
    insightsPublic: z.boolean().optional(),
  })
  .meta({ id: 'InstancePatch' });

export const invite = z
  .object({ code: z.string().meta({ description: 'Shown once.' }), expiresAt: z.string() })
  .meta({ id: 'Invite' });

export const memberHandleParams = z.strictObject({ handle: z.string().min(1).max(40) });

export const memberTrust = z
  .object({
    handle: z.string(),
    name: z.string(),
    role: z.enum(['member', 'admin']),
    trusted: z.boolean().meta({
      description:
        'A seed of merit: merit flows from admins and trusted members along completed engagements (docs/merit.md). Admins are seeds whatever this says.',
    }),
  })
  .meta({ id: 'MemberTrust' });

export const memberTrustBody = z.strictObject({ trusted: z.boolean() }).meta({ id: 'MemberTrustBody' });

export const outboxStatus = z.enum(['pending', 'sent', 'failed']).meta({
  id: 'OutboxStatus',
  description:
    'pending: not sent yet and still to be tried; sent: accepted; failed: refused for good, or out of attempts.',
});

export const outboxQuery = z.strictObject({
  status: outboxStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const outboxItem = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    kind: z.string().meta({ description: "A kind of email (an event's, 'digest'), or 'account'." }),
    status: outboxStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable().meta({ description: 'Why the last attempt failed (the SMTP reply).' }),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    nextAttemptAt: z
      .string()
      .nullable()
      .meta({ description: 'When it is tried next; null once sent or failed.' }),
    messageId: z
      .string()
      .nullable()
      .meta({ description: 'Fixed when the row was written: a resend is the same message.' }),
  })
  .meta({ id: 'OutboxItem' });

export const outboxPage = pageOf(outboxItem).meta({ id: 'OutboxPage' });

export const outboxMessage = outboxItem
  .extend({
    headers: z.record(z.string(), z.string()).meta({ description: 'Extra headers, e.g. List-Unsubscribe.' }),
    text: z.string(),
    html: z.string().meta({ description: 'Show it only in a sandboxed frame.' }),
  })
  .meta({ id: 'OutboxMessage' });
