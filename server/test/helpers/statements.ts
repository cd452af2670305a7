// Counts the SQL statements the app runs while a piece of test code runs (e.g. one `app.inject` request),
// on either dialect: the app's Kysely instance is swapped for one with a counting plugin, which sees every
// query built through Kysely (query builders, `sql` templates and queries inside transactions alike).
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { TestApp } from './app.js';

class CountingPlugin implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
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
