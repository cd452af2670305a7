// API fuzzing generated from the OpenAPI document (docs/decisions/0031-api-fuzzing.md). For every operation,
// fast-check draws requests from its schemas (server/test/fuzz/schema-arbitrary.ts) mixed with odd inputs
// (fuzz/mutations.ts: wrong types, huge and odd strings, missing and extra fields, odd content types, ids,
// cursors, methods and headers), sent through app.inject as three callers (signed out, a member with cookie
// and CSRF header, an admin) into a small seeded world (fuzz/fixture.ts) so deep paths get real ids.
//
// Every answer: status < 500; every 4xx has the one error shape with a code from ERROR_CODES; no stack trace
// or SQL in an error body.
//
// Counts: FUZZ_RUNS cases per operation (default 4 in `npm test`: a few hundred per dialect; 110 with
// FUZZ_FULL=1, `npm run test:fuzz`: over 10 000 per dialect). FUZZ_SEED fixes the run's seed (printed at the
// end and with any failure); a failure prints the case, its seed and path, and the command to replay it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/shared/errors.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { SESSION_COOKIE, type TestClient } from './helpers/client.js';
import { signIn } from './helpers/factories.js';
import { testDialect } from './setup/database.js';
import { caseArbitrary, describeCase, operationsOf, type Caller, type FuzzCase } from './fuzz/cases.js';
import { createWorld, refreshWorld, type FuzzWorld } from './fuzz/fixture.js';

const FULL = process.env.FUZZ_FULL === '1';
const RUNS = Number(process.env.FUZZ_RUNS ?? (FULL ? 110 : 4));
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PATH = process.env.FUZZ_PATH;
const REFRESH_EVERY = 60;

// The committed document names the tests (vitest collects them before any app exists); beforeAll checks it is
// the app's own (`npm run openapi -- --check` keeps them equal too), and the cases use the app's document.
const committed = JSON.parse(readFileSync('web/src/api/openapi.json', 'utf8')) as Parameters<
  typeof operationsOf
>[0];
const operations = operationsOf(committed);

const CODES = new Set<string>(ERROR_CODES);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Operations after which a signed-in caller may have lost their session, role or standing.
const RISKY = new Set([
  'logout',
  'revokeSession',
  'changePassword',
  'changeEmail',
  'confirmEmailChange',
  'resetPassword',
  'requestAccountDeletion',
  'adminSetRole',
  'suspendMember',
  'login',
  'verifyEmail',
]);
const LEAKS = [
  /\n\s+at .+:\d+:\d+/, // a stack frame
  /node_modules|\.ts:\d+/,
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
  /SQLITE_|syntax error at|violates .* constraint|relation "|duplicate key value|invalid input syntax/i,
  /(.)\1{63}/, // a run of one character: the long strings the cases send, echoed back
];

let t: TestApp;
let world: FuzzWorld;
let document: Parameters<typeof operationsOf>[0];
let sinceRefresh = 0;
const stats = { cases: 0, fiveHundreds: 0, failures: [] as string[], statuses: new Map<number, number>() };

beforeAll(async () => {
  t = await createTestApp();
  document = JSON.parse(JSON.stringify(t.app.swagger())) as typeof document;
  world = await createWorld(t);
}, 120_000);

afterAll(async () => {
  const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  console.log(
    `[fuzz] ${testDialect()}: ${stats.cases} cases over ${operations.length} operations, ` +
      `${stats.fiveHundreds} × 5xx, ${stats.failures.length} failing operations (FUZZ_SEED=${SEED}); ` +
      `statuses ${statuses.join(' ')}`,
  );
  await t?.close();
}, 60_000);

function callerClient(caller: Caller): TestClient | undefined {
  return caller === 'member' ? world.member.client : caller === 'admin' ? world.admin.client : undefined;
}

async function send(c: FuzzCase) {
  const headers: Record<string, string> = { 'user-agent': 'slipstream-fuzz' };
  const who = callerClient(c.caller);
  if (who?.sessionCookie) {
    headers.cookie = `${SESSION_COOKIE}=${who.sessionCookie}`;
    if (UNSAFE.has(c.method) && c.csrf !== 'omit' && who.csrfToken) {
      headers['x-csrf-token'] = c.csrf === 'wrong' ? `${who.csrfToken}x` : who.csrfToken;
    }
  }
  Object.assign(headers, c.headers);
  return t.app.inject({
    method: c.method as 'GET',
    url: c.url,
    headers,
    ...(c.payload !== undefined && { payload: c.payload }),
    remoteAddress: '127.0.0.1',
  });
}

/** Throws when the answer breaks a rule; the message says which. */
function checkAnswer(c: FuzzCase, status: number, type: string, text: string): void {
  if (status >= 500) throw new Error(`answered ${status}: ${text.slice(0, 300)}`);
  if (status < 400 || c.method === 'HEAD') return;
  if (!/^application\/json/.test(type)) throw new Error(`${status} with content type "${type}"`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${status} whose body is not JSON: ${text.slice(0, 200)}`);
  }
  const keys = body !== null && typeof body === 'object' ? Object.keys(body) : [];
  if (keys.length !== 1 || keys[0] !== 'error')
    throw new Error(`${status} without the error shape: ${text.slice(0, 300)}`);
  const error = (body as { error: Record<string, unknown> }).error;
  if (typeof error.code !== 'string' || !CODES.has(error.code)) {
    throw new Error(`${status} with a code not in ERROR_CODES: ${JSON.stringify(error.code)}`);
  }
  if (typeof error.message !== 'string' || error.message.length === 0) {
    throw new Error(`${status} ${error.code} without a message`);
  }
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'details', 'requestId'].includes(k));
  if (extra.length > 0) throw new Error(`${status} ${error.code} with unexpected fields ${extra.join(', ')}`);
  for (const leak of LEAKS) {
    if (leak.test(text))
      throw new Error(`${status} ${error.code} body matches ${leak}: ${text.slice(0, 300)}`);
  }
}

/** Puts the callers back as they were: roles, no suspension, a live session each. */
async function repairCallers(): Promise<void> {
  const { admin, member, other } = world;
  await t.app.ctx.db.updateTable('members').set({ role: 'admin' }).where('id', '=', admin.id).execute();
  await t.app.ctx.db
    .updateTable('members')
    .set({ role: 'member', suspended_at: null })
    .where('id', 'in', [member.id, other.id])
    .execute();
  // Wrong passwords sent by the cases (sign-in, change password, delete account) count against the sign-in
  // limits; the world's own sign-ins below must not be refused for them.
  await t.app.ctx.db.deleteFrom('auth_failures').execute();
  await t.app.ctx.db.deleteFrom('auth_throttle_keys').execute();
  for (const m of [admin, member, other]) {
    const session = await m.client.get<{ member: unknown }>('auth/session');
    if (session.status === 200 && session.body.member) continue;
    const fresh = await signIn(t.app, { email: m.email, password: m.password });
    m.client.cookies.clear();
    for (const [k, v] of fresh.cookies) m.client.cookies.set(k, v);
    m.client.csrfToken = fresh.csrfToken;
  }
}

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i += 1) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

describe(`API fuzz (${RUNS} cases per operation)`, () => {
  it('fuzzes every operation of the app’s own OpenAPI document', () => {
    expect(operationsOf(document).map((o) => `${o.method} ${o.path}`)).toEqual(
      operations.map((o) => `${o.method} ${o.path}`),
    );
    expect(operations.length).toBeGreaterThan(50);
  });

  for (const committedOp of operations) {
    it(
      `${committedOp.method} ${committedOp.path} (${committedOp.operationId})`,
      async () => {
        const op =
          operationsOf(document).find((o) => o.operationId === committedOp.operationId) ?? committedOp;
        if (sinceRefresh >= REFRESH_EVERY) {
          sinceRefresh = 0;
          await refreshWorld(t, world);
          await repairCallers();
        }
        const seed = (SEED + hashOf(op.operationId)) | 0;
        const property = fc.asyncProperty(caseArbitrary(op, document, world.fixture), async (c) => {
          stats.cases += 1;
          sinceRefresh += 1;
          const res = await send(c);
          stats.statuses.set(res.statusCode, (stats.statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500) stats.fiveHundreds += 1;
          try {
            checkAnswer(c, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
          } finally {
            if (RISKY.has(op.operationId) || c.method !== op.method) await repairCallers();
          }
        });
        // No shrinking: the cases change the world, so the first failing case (replayable by seed and path)
        // says more than a shrunk one.
        const out = await fc.check(property, {
          numRuns: RUNS,
          seed,
          endOnFailure: true,
          ...(PATH !== undefined && { path: PATH }),
        });
        if (out.failed) {
          const c = out.counterexample?.[0];
          const message = [
            `${op.operationId}: ${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`,
            c ? describeCase(c) : '(no counterexample)',
            `replay: FUZZ_SEED=${SEED} FUZZ_PATH=${out.counterexamplePath ?? ''} FUZZ_RUNS=${RUNS} ` +
              `npx vitest run --project ${testDialect()} server/test/api.fuzz.test.ts -t '${op.operationId}' ` +
              `(fast-check seed ${seed}; a failure that depends on earlier cases needs the whole file with the same FUZZ_SEED)`,
          ].join('\n');
          stats.failures.push(message);
          throw new Error(message);
        }
      },
      FULL ? 300_000 : 30_000,
    );
  }
});
