import { z } from 'zod';
import { isoDate, pageOf } from '../../shared/http-schemas.js';
import { overflowView } from '../overflow/overflow.schemas.js';

const csv = z
  .string()
  .max(400)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const q = z.string().max(500, 'A search is at most 500 characters.').meta({
  description:
    'Words (all must match), `prefix*` (at least 3 letters before the star) and "quoted phrases". Other punctuation is ignored; there are no operators.',
});

export const searchOverflowQuery = z.strictObject({
  q,
  skills: csv.optional().meta({ description: 'Comma-separated; matches overflow with any of them.' }),
  minEffort: z.coerce.number().int().min(1).max(200).optional(),
  maxEffort: z.coerce.number().int().min(1).max(200).optional(),
  dueBefore: isoDate.optional(),
  status: z
    .enum(['open', 'all'])
    .default('open')
    .meta({ description: '`all` includes closed overflow you may see.' }),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const ranges = z.array(z.array(z.number().int()).length(2)).meta({
  description: 'Matched parts as [start, end) offsets (UTF-16) into the text. Plain text: no HTML.',
});

export const snippet = z
  .object({ text: z.string(), highlights: ranges })
  .meta({ id: 'SearchSnippet', description: 'A plain-text excerpt with the ranges that matched.' });

export const overflowSearchHit = overflowView
  .extend({
    titleHighlights: ranges,
    snippet,
  })
  .meta({ id: 'OverflowSearchHit' });

export const overflowSearchPage = pageOf(overflowSearchHit);

export const searchMembersQuery = z.strictObject({
  q: z.string().max(200).optional().meta({
    description:
      'Words (all must match the start of a word in a name, handle, headline, bio or skill), `prefix*` and "quoted phrases".',
  }),
  skills: csv
    .optional()
    .meta({ description: 'Comma-separated, at most 12; people with any of them, ranked by merit in them.' }),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const memberSearchHit = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    headline: z.string(),
    skills: z.array(z.string()),
    verifiedWorkCount: z.number().int(),
    merit: z.number().meta({
      description: 'Merit in the skills asked for (overall without skills); 0 when not yet computed.',
    }),
    hasFreeCapacity: z
      .boolean()
      .meta({ description: 'Fewer active engagements as helper than their capacity.' }),
  })
  .meta({ id: 'MemberSearchHit' });

export const memberSearchPage = pageOf(memberSearchHit);
