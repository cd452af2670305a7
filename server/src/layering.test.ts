import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the layering rules in eslint.config.js fire: each snippet is linted as if it lived at the given
// path (the file need not exist), and the test asserts which layering rule, if any, complains.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages
    .filter((m) =>
      ['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'].includes(
        m.ruleId ?? '',
      ),
    )
    .map((m) => m.message);
}

const m = 'server/src/modules';

describe('layering lint', () => {
  it.each([
    [
      `${m}/offers/offers.routes.ts`,
      "import * as repo from './offers.repository.js';",
      /SQL lives in repositories/,
    ],
    [
      `${m}/offers/offers.routes.ts`,
      "import type { Db } from '../../db/database.js';",
      /never touch the database/,
    ],
    [`${m}/offers/offers.routes.ts`, "import { sql } from 'kysely';", /Kysely belongs/],
    [`${m}/offers/offers.routes.ts`, "import { x } from '../overflow/overflow.service.js';", /own domain/],
    [`${m}/offers/offers.routes.ts`, "import { x } from '../overflow/overflow.schemas.js';", /own domain/],
    [`${m}/offers/offers.repository.ts`, "import { x } from './offers.service.js';", /imports only db\//],
    [
      `${m}/offers/offers.repository.ts`,
      "import { x } from '../overflow/overflow.service.js';",
      /imports only db\//,
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "import { x } from '../overflow/overflow.repository.js';",
      /imports only db\//,
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "import { enqueueEmail } from '../../email/outbox.js';",
      /imports only db\//,
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "import type { FastifyInstance } from 'fastify';",
      /imports only db\//,
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "import { isUniqueViolation } from '../../db/dialect.js';",
      /Only server\/src\/db\//,
    ],
    [`${m}/offers/offers.service.ts`, "import type { FastifyRequest } from 'fastify';", /Fastify belongs/],
    [`${m}/offers/offers.service.ts`, "import { sql } from 'kysely';", /Kysely belongs/],
    [
      `${m}/offers/offers.service.ts`,
      "import { createDialect } from '../../db/dialect.js';",
      /Only server\/src\/db\//,
    ],
    [
      `${m}/offers/offers.service.ts`,
      "import { offersRoutes } from './offers.routes.js';",
      /Nothing imports routes/,
    ],
    [`${m}/overflow/overflow.policy.ts`, "import fp from 'fastify-plugin';", /Fastify belongs/],
    [
      'server/src/jobs/scheduler.ts',
      "import { createDialect } from '../db/dialect.js';",
      /Only server\/src\/db\//,
    ],
    ['server/src/app.ts', "import { createDialect } from './db/dialect.js';", /Only server\/src\/db\//],
    [
      'web/src/features/x/X.tsx',
      "import { normaliseSkill } from '../../../../server/src/shared/skills.js';",
      /only through the API/,
    ],
    [
      'server/src/jobs/scheduler.ts',
      "export const f = (db) => db.selectFrom('overflow').selectAll().execute();",
      /Queries live in repositories/,
    ],
    [
      'server/src/email/outbox.ts',
      "export const f = (db) => db.updateTable('email_outbox').set({}).execute();",
      /Queries live in repositories/,
    ],
    [
      `${m}/overflow/overflow.service.ts`,
      "export const f = (db) => db.insertInto('overflow').values({}).execute();",
      /Queries live in repositories/,
    ],
    [
      `${m}/overflow/overflow.service.ts`,
      "export const f = (db) => db.deleteFrom('overflow').execute();",
      /Queries live in repositories/,
    ],
    ['server/src/jobs/scheduler.ts', 'export const q = sql`select 1`;', /SQL lives in repositories/],
    [
      `${m}/overflow/overflow.service.ts`,
      "import * as r from '../offers/offers.repository.js';",
      /overflow may not import/,
    ],
    [
      `${m}/overflow/overflow.policy.ts`,
      "import { x } from '../ties/ties.service.js';",
      /overflow may not import/,
    ],
    [
      `${m}/engagements/engagements.service.ts`,
      "import { x } from '../offers/offers.service.js';",
      /engagements may not/,
    ],
    [
      `${m}/members/members.service.ts`,
      "import * as r from '../engagements/engagements.repository.js';",
      /members may not/,
    ],
    [`${m}/ties/ties.service.ts`, "import { x } from '../offers/offers.service.js';", /ties may not import/],
    // The audit log sits at the bottom: every domain writes to it, it reads none.
    [
      `${m}/audit/audit.service.ts`,
      "import * as r from '../members/members.repository.js';",
      /audit may not import/,
    ],
    // Top domains (discovery, the member's account, moderation, the server-rendered pages) do not import each other.
    [
      `${m}/account/account.service.ts`,
      "import { x } from '../moderation/moderation.service.js';",
      /account may not import/,
    ],
    [
      `${m}/pages/pages.service.ts`,
      "import { x } from '../search/search.service.js';",
      /pages may not import/,
    ],
  ])('%s: %s is refused', async (path, code, expected) => {
    const errors = await layeringErrors(path, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    [
      `${m}/offers/offers.routes.ts`,
      "import * as service from './offers.service.js';\nimport { x } from './offers.schemas.js';",
    ],
    [
      `${m}/offers/offers.routes.ts`,
      "import { errorResponses } from '../../shared/http-schemas.js';\nimport { a } from '../../plugins/auth.js';",
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "import type { Insertable } from 'kysely';\nimport type { Db } from '../../db/database.js';\nimport type { Cursor } from '../../shared/pagination.js';",
    ],
    [
      `${m}/offers/offers.repository.ts`,
      "export const f = (db) => db.selectFrom('offers').selectAll().execute();",
    ],
    [
      'server/src/email/outbox.repository.ts',
      "import type { Db } from '../db/database.js';\nexport const f = (db) => db.insertInto('email_outbox').values({}).execute();",
    ],
    [
      `${m}/offers/offers.service.ts`,
      "import * as overflowRepo from '../overflow/overflow.repository.js';\nimport { notify } from '../notifications/notifications.service.js';",
    ],
    [
      'server/src/db/database.ts',
      "import { createDialect } from './dialect.js';\nexport const q = sql`select 1`;",
    ],
    ['web/src/features/x/X.tsx', "import { api } from '../../api/client.js';"],
    [`${m}/offers/offers.service.ts`, "import { x } from '../engagements/engagements.repository.js';"],
    [`${m}/ties/ties.service.ts`, "import { x } from '../overflow/overflow.service.js';"],
    [`${m}/engagements/engagements.service.ts`, "import * as l from '../ledger/ledger.repository.js';"],
  ])('%s: a legal import passes', async (path, code) => {
    expect(await layeringErrors(path, code)).toEqual([]);
  });
});
