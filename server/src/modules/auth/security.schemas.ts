import { z } from 'zod';
import { LIMITS } from '../../../../packages/rules/index.js';

const newPassword = z
  .string()
  .min(LIMITS.passwordMin, `Use at least ${LIMITS.passwordMin} characters for your password.`)
  .max(LIMITS.passwordMax, `Use at most ${LIMITS.passwordMax} characters for your password.`);
const currentPassword = z
  .string()
  .min(1, 'Enter your current password.')
  .max(LIMITS.passwordMax)
  .meta({ description: 'The password the account has now: a change needs it, even when signed in.' });

export const changePasswordBody = z
  .strictObject({ currentPassword, newPassword })
  .meta({ id: 'PasswordChange' });

export const passwordChanged = z
  .object({
    sessionsSignedOut: z.number().int().meta({ description: 'Other sessions that were signed out.' }),
    tokensRevoked: z.number().int().meta({ description: 'Access tokens that were revoked.' }),
    message: z.string(),
  })
  .meta({ id: 'PasswordChanged' });

export const changeEmailBody = z
  .strictObject({
    currentPassword,
    newEmail: z
      .email('Enter a valid email address.')
      .max(LIMITS.emailMax)
      .meta({ example: 'ada@example.org' }),
  })
  .meta({ id: 'EmailChange' });

export const emailChangeAnswer = z
  .object({
    status: z.literal('confirmation_sent'),
    email: z.string().meta({ description: 'The new address, as it will be stored, that the link goes to.' }),
    message: z.string(),
  })
  .meta({ id: 'EmailChangeAnswer' });

export const confirmEmailChangeBody = z.strictObject({ token: z.string().min(10).max(200) });

export const emailChanged = z.object({ email: z.string(), message: z.string() }).meta({ id: 'EmailChanged' });

export const sessionItem = z
  .object({
    id: z.string(),
    device: z
      .string()
      .meta({ description: 'A readable guess at the browser and system, e.g. "Firefox on Linux".' }),
    userAgent: z.string(),
    ip: z
      .string()
      .nullable()
      .meta({ description: 'The address it signed in from (null for sessions older than 0020).' }),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean().meta({ description: 'The session making this request.' }),
  })
  .meta({ id: 'SessionItem' });

export const sessionIdParam = z.strictObject({ id: z.string().min(1).max(64) });
