// Counts the SQL statements the app runs while a piece of test code runs (e.g. one `app.inject` request),
// on either dialect: the app's Kysely instance is swapped for one with a counting plugin, which sees every
// query built through Kysely (query builders, `sql` templates and queries inside transactions alike).
import {
  CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { TestApp } from './app.js';

/**
 * Counts executed statements: transformResult runs once per statement that comes back, whereas transformQuery
 * also sees every subquery a builder embeds (a UNION of per-member arms would count each arm).
 */
class CountingPlugin implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }
}

/** Runs `fn` and returns how many SQL statements the app executed meanwhile, with fn's result. */
export async function countStatements<T>(
  t: Pick<TestApp, 'app'>,
  fn: () => Promise<T>,
): Promise<{ statements: number; result: T }> {
  const ctx = t.app.ctx;
  const original = ctx.db;
  const plugin = new CountingPlugin();
  ctx.db = original.withPlugin(plugin);
  try {
    const result = await fn();
    return { statements: plugin.count, result };
  } finally {
    ctx.db = original;
  }
}

/**
 * Records each executed statement. transformQuery also sees every subquery a builder embeds (with its own
 * query id), so a statement is kept only when its result comes back under the same id.
 */
class CapturingPlugin implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  readonly #built = new Map<unknown, CompiledQuery>();

  constructor(private readonly db: Kysely<Database>) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#built.set(args.queryId, this.db.getExecutor().compileQuery(args.node, args.queryId));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const q = this.#built.get(args.queryId);
    if (q) this.queries.push(q);
    return args.result;
  }
}

/** Runs `fn` and returns the SQL statements (text and parameters) the app executed meanwhile. */
export async function captureStatements<T>(
  t: Pick<TestApp, 'app'>,
  fn: () => Promise<T>,
): Promise<{ queries: CompiledQuery[]; result: T }> {
  const ctx = t.app.ctx;
  const original = ctx.db;
  const plugin = new CapturingPlugin(original);
  ctx.db = original.withPlugin(plugin);
  try {
    const result = await fn();
    return { queries: plugin.queries, result };
  } finally {
    ctx.db = original;
  }
}

/** One line of SQLite's EXPLAIN QUERY PLAN, with the ids that make it a tree. */
export interface PlanLine {
  id: number;
  parent: number;
  detail: string;
}

/** SQLite's plan for a captured statement (EXPLAIN QUERY PLAN with the same parameters). */
export async function sqlitePlan(db: Kysely<Database>, q: CompiledQuery): Promise<PlanLine[]> {
  const r = await db.executeQuery<PlanLine>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]),
  );
  return r.rows.map(({ id, parent, detail }) => ({ id, parent, detail }));
}
