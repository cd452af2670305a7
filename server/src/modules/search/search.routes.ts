import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/http-schemas.js';
import {
  memberSearchPage,
  overflowSearchPage,
  searchMembersQuery,
  searchOverflowQuery,
} from './search.schemas.js';
import * as service from './search.service.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const tags = ['search'];

  app.get('/search/overflow', {
    schema: {
      operationId: 'searchOverflow',
      tags,
      summary: 'Search overflow by its words',
      description:
        'Full-text search of title, brief and skills, with the board’s filters and visibility (open overflow unless `status=all`). Ranked by relevance with a boost for fresh postings, among the newest matches; each hit carries plain-text highlight ranges. Words, `prefix*` and "phrases"; any other input is ignored or refused with `SEARCH_QUERY_EMPTY` / `SEARCH_QUERY_INVALID`. Cursor-paginated.',
      querystring: searchOverflowQuery,
      response: { 200: overflowSearchPage, ...errorResponses(400) },
    },
    handler: async (req) => service.searchOverflow(ctx, req.actor, req.query),
  });

  app.get('/search/members', {
    schema: {
      operationId: 'searchMembers',
      tags,
      summary: 'Find people by skill and words',
      description:
        'Over public profile data only (name, handle, headline, bio, skills; never the email). Every word must match the start of a word of those fields (a word under 3 letters the whole word; "phrases" exactly). With `skills` only: people with any of them, ranked by merit in them (overall merit without skills), then by verified work. With `q`: ranked by relevance (name and handle over skills and headline over bio) times a merit factor, then by verified work. Ranked among a bounded candidate set — the highest merit in those skills, people with the skill and no merit yet, and the newest text matches — so a very broad search shows its best few hundred. Each person shows their verified work count and whether they have free capacity. Give `q`, `skills` (at most 12) or both. Cursor-paginated.',
      querystring: searchMembersQuery,
      response: { 200: memberSearchPage, ...errorResponses(400) },
    },
    handler: async (req) => service.searchMembers(ctx, req.query),
  });
};
