import { z } from 'zod';
import { LIMITS } from '../../../packages/rules/index.js';
import { ERROR_CODES } from './errors.js';

/** The one error shape every failure uses. */
export const errorBody = z
  .object({
    error: z.object({
      code: z
        .enum(ERROR_CODES)
        .meta({ id: 'ErrorCode', description: 'Stable machine-readable code, e.g. `HANDLE_TAKEN`.' }),
      message: z.string().meta({ description: 'A sentence a person can read.' }),
      details: z.unknown().optional(),
      requestId: z
        .string()
        .optional()
        .meta({ description: 'Present on 5xx: quote it when reporting a problem.' }),
    }),
  })
  .meta({ id: 'Error' });

const describe = (description: string) => errorBody.meta({ description });

/** Standard error responses, picked per route so the OpenAPI document lists what can really happen. */
export const errors = {
  400: describe('The request is malformed or fails validation (`VALIDATION_FAILED`, `MALFORMED_JSON`).'),
  401: describe('Not signed in, or the token is invalid (`UNAUTHENTICATED`).'),
  403: describe('Signed in but not allowed (`FORBIDDEN`, `CSRF_FAILED`).'),
  404: describe('Not found.'),
  409: describe('Conflicts with the current state or a product rule.'),
  410: describe('Gone: it existed but has expired (`EXPORT_EXPIRED`).'),
  413: describe('The body is too large.'),
  429: describe('Too many requests; see `Retry-After`.'),
} as const;

type ErrorStatus = keyof typeof errors;
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Pick<typeof errors, S> {
  return Object.fromEntries(statuses.map((s) => [s, errors[s]])) as Pick<typeof errors, S>;
}

/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-14.')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'Not a real date.',
  );

/** A web address a member may link to: http(s) only, so no `javascript:` links. */
export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'Use a full web address starting with http:// or https://.' })
  .max(LIMITS.urlMax);

export const idParam = z.strictObject({ id: z.string().min(1).max(64) });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` to get the next page; null at the end.' }),
  });
