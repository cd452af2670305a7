import { z } from 'zod';
import { EMAIL_KINDS, EMAIL_MODES, EVENT_EMAIL_KINDS } from './kinds.js';

const mode = z.enum(EMAIL_MODES as ['now', 'digest', 'off']).meta({
  id: 'EmailMode',
  description: '`now`: an email when it happens; `digest`: bundled into the daily digest; `off`: no email.',
});
const kind = z.enum(EMAIL_KINDS).meta({ id: 'EmailKind' });

export const emailSettings = z
  .object({
    email: z.string(),
    emailVerified: z
      .boolean()
      .meta({ description: 'Emails go only to a confirmed address; until then nothing is sent.' }),
    timeZone: z.string().meta({ description: 'The digest hour is in this time zone (the profile’s).' }),
    digest: z.object({
      enabled: z.boolean(),
      hour: z.number().int().meta({ description: 'Local hour (0–23) the daily digest is sent at.' }),
      nextAt: z
        .string()
        .nullable()
        .meta({ description: 'When the next digest is due (UTC); null while off or not yet scheduled.' }),
    }),
    kinds: z.array(
      z.object({
        kind: z.enum(EVENT_EMAIL_KINDS),
        label: z.string(),
        description: z.string(),
        mode,
        modes: z.array(mode).meta({ description: 'The modes this kind may be set to.' }),
      }),
    ),
  })
  .meta({ id: 'EmailSettings' });

const known = EVENT_EMAIL_KINDS.join(', ');

export const emailSettingsPatch = z
  .strictObject({
    digest: z
      .strictObject({
        enabled: z.boolean().optional(),
        hour: z.number().int('Use a whole hour, 0 to 23.').min(0).max(23).optional(),
      })
      .optional(),
    kinds: z
      .strictObject(
        {
          ...Object.fromEntries(EVENT_EMAIL_KINDS.map((k) => [k, mode.optional()])),
          digest: z.enum(['now', 'off'], 'The digest is either `now` (on) or `off`.').optional(),
        } as Record<(typeof EVENT_EMAIL_KINDS)[number], z.ZodOptional<typeof mode>> & {
          digest: z.ZodOptional<z.ZodEnum<{ now: 'now'; off: 'off' }>>;
        },
        {
          error: (iss) =>
            iss.code === 'unrecognized_keys'
              ? `Unknown email kind ${iss.keys.map((k) => `“${k}”`).join(', ')}. Known kinds: ${known}, digest.`
              : undefined,
        },
      )
      .optional(),
  })
  .meta({ id: 'EmailSettingsPatch' });

export const tokenQuery = z.strictObject({
  token: z.string().min(1).max(512).meta({ description: 'The signed token from the email’s link.' }),
});

export const tokenBody = z.strictObject({ token: z.string().min(1).max(512) });

export const unsubscribeView = z
  .object({
    kind,
    label: z.string(),
    description: z.string(),
    mode,
  })
  .meta({ id: 'UnsubscribeInfo' });
