import { z } from 'zod';
import { LIMITS, stripInvisible } from '../../../../packages/rules/index.js';
import { handleSchema, selfMember, timeZoneSchema } from '../members/members.schemas.js';

/** Names and titles lose bidirectional overrides and invisible characters (packages/rules). */
const oneLine = (s: string) => stripInvisible(s);

const email = z
  .email('Enter a valid email address.')
  .max(LIMITS.emailMax)
  .meta({ example: 'ada@example.org' });
const password = z
  .string()
  .min(LIMITS.passwordMin, `Use at least ${LIMITS.passwordMin} characters for your password.`)
  .max(LIMITS.passwordMax, `Use at most ${LIMITS.passwordMax} characters for your password.`);

export const registerBody = z
  .strictObject({
    email,
    password,
    name: z.string().overwrite(oneLine).trim().min(1, 'Tell us your name.').max(LIMITS.nameMax),
    handle: handleSchema,
    timeZone: timeZoneSchema.optional(),
    inviteCode: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Required when sign-up is invite-only.' }),
  })
  .meta({ id: 'Registration' });

export const loginBody = z
  .strictObject({ email, password: z.string().min(1).max(LIMITS.passwordMax) })
  .meta({ id: 'Credentials' });

export const sessionReply = z
  .object({
    member: selfMember,
    csrfToken: z
      .string()
      .meta({ description: 'Send as `X-CSRF-Token` on unsafe requests made with the session cookie.' }),
    expiresAt: z.string().optional(),
  })
  .meta({ id: 'Session' });

export const sessionState = z
  .object({
    member: selfMember
      .nullable()
      .meta({ description: 'The signed-in member; null when nobody is signed in.' }),
    csrfToken: z.string().nullable().meta({
      description:
        'Send as `X-CSRF-Token` on unsafe requests made with the session cookie; null when signed out.',
    }),
  })
  .meta({ id: 'SessionState' });

export const signUpReply = z
  .object({
    status: z.literal('confirmation_sent'),
    email: z.string().meta({ description: 'The address, as it is stored, that the email goes to.' }),
  })
  .meta({ id: 'SignUpAnswer' });

export const tokenBody = z.strictObject({ token: z.string().min(10).max(200) });
export const emailBody = z.strictObject({ email });
export const resetBody = z.strictObject({ token: z.string().min(10).max(200), password });

export const accessToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters, to recognise a token.' }),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'AccessToken' });

export const createdAccessToken = accessToken
  .extend({ token: z.string().meta({ description: 'The secret. Shown once; store it now.' }) })
  .meta({ id: 'CreatedAccessToken' });

export const createTokenBody = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.tokenNameMax),
    expiresInDays: z.number().int().min(1).max(365).nullable().optional().meta({
      description: 'Days until the token stops working: 90 when left out, `null` for no expiry.',
    }),
  })
  .meta({ id: 'NewAccessToken' });

export const message = z.object({ message: z.string() }).meta({ id: 'Message' });
