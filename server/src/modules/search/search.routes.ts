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
        'Over public profile data only (name, handle, headline, bio, skills). Ranked by merit in the skills asked for (overall merit without skills), then by verified work. Each person shows their verified work count and whether they have free capacity. Give `q`, `skills` or both. Cursor-paginated.',
      querystring: searchMembersQuery,
      response: { 200: memberSearchPage, ...errorResponses(400) },
    },
    handler: async (req) => service.searchMembers(ctx, req.query),
  });
};
