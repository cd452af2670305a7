import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.js';
import { dialectOf } from './dialect.js';

/**
 * The full-text index of overflow (migration 0006, docs/decisions/0014-search-design.md): the one place that
 * knows FTS5 from tsvector. Repositories call these; the overflow repository's write functions keep the
 * index in step in their own transaction, so a search never sees a posting as it was before an edit.
 *
 * A document is the title, the skills and the brief. Its key is `overflow.search_seq` (NULL = not indexed).
 */
type AnyDb = Kysely<Database>;

/** One parsed piece of a query: only letters, digits and single spaces, so it can be quoted safely. */
export interface SearchTerm {
  kind: 'word' | 'prefix' | 'phrase';
  text: string;
}

/** SQLite: the FTS5 query for the terms, every term quoted (AND between them); nothing else is syntax. */
export function fts5Query(terms: readonly SearchTerm[]): string {
  return terms
    .map((t) => {
      const quoted = `"${t.text.replace(/"/g, '""')}"`;
      return t.kind === 'prefix' ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** PostgreSQL: a tsquery expression for the terms, each built by a function from its own bound text. */
function tsQuery(terms: readonly SearchTerm[]) {
  const parts = terms.map((t) => {
    if (t.kind === 'phrase') return sql`phraseto_tsquery('english', ${t.text})`;
    if (t.kind === 'prefix') {
      // The term is letters and digits only (the parser guarantees it), so `:*` is the only operator here.
      return sql`to_tsquery('english', ${`${t.text.replace(/[^\p{L}\p{N}]/gu, '')}:*`})`;
    }
    return sql`plainto_tsquery('english', ${t.text})`;
  });
  return sql.join(parts, sql` && `);
}

/** Where a search key comes from: the table it numbers and, on PostgreSQL, the sequence that hands it out. */
const KEYS = {
  overflow: { table: sql.raw('overflow'), counter: 'overflow_search_seq_counter' },
  members: { table: sql.raw('members'), counter: 'member_search_seq_counter' },
} as const;

async function nextSeqs(db: AnyDb, count: number, of: keyof typeof KEYS = 'overflow'): Promise<number> {
  const { table, counter } = KEYS[of];
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ first: number }>`
      select setval(${sql.lit(counter)}, nextval(${sql.lit(counter)}) + ${count - 1}) - ${count - 1} as first
    `.execute(db);
    return Number(rows[0]!.first);
  }
  // SQLite write transactions are serialised (BEGIN IMMEDIATE), so max + 1 cannot race.
  const { rows } = await sql<{ next: number }>`
    select coalesce(max(search_seq), 0) + 1 as next from ${table}
  `.execute(db);
  return Number(rows[0]!.next);
}

/** Removes a posting's document from the index before its text changes. A no-op when it is not indexed. */
export async function unindexOverflow(db: AnyDb, id: string): Promise<void> {
  if (dialectOf(db) === 'postgres') return; // indexOverflow replaces the row
  // External content: FTS5 must be given the old values to remove them, read before the change.
  await sql`
    insert into overflow_fts (overflow_fts, rowid, title, skills, brief)
    select 'delete', d.search_seq, d.title, d.skills, d.brief
    from overflow_search_docs d
    where d.search_seq = (select o.search_seq from overflow o where o.id = ${id})
  `.execute(db);
}

/** (Re)indexes a posting's document after it was written; gives it its search key when it has none. */
export async function indexOverflow(db: AnyDb, id: string): Promise<void> {
  const row = await db.selectFrom('overflow').select('search_seq').where('id', '=', id).executeTakeFirst();
  if (!row) return;
  if (row.search_seq === null) {
    const seq = await nextSeqs(db, 1);
    await db.updateTable('overflow').set({ search_seq: seq }).where('id', '=', id).execute();
  }
  if (dialectOf(db) === 'postgres') {
    await sql`
      insert into overflow_search (search_seq, doc)
      select o.search_seq, ${pgDocument()} from overflow o where o.id = ${id}
      on conflict (search_seq) do update set doc = excluded.doc
    `.execute(db);
    return;
  }
  await sql`
    insert into overflow_fts (rowid, title, skills, brief)
    select d.search_seq, d.title, d.skills, d.brief
    from overflow_search_docs d
    where d.search_seq = (select o.search_seq from overflow o where o.id = ${id})
  `.execute(db);
}

/** The weighted tsvector of `overflow o`: title A, skills B, brief C. */
function pgDocument() {
  return sql`
    setweight(to_tsvector('english', o.title), 'A') ||
    setweight(to_tsvector('english', coalesce((select string_agg(s.skill, ' ' order by s.position)
      from overflow_skills s where s.overflow_id = o.id), '')), 'B') ||
    setweight(to_tsvector('english', o.brief), 'C')
  `;
}

/**
 * Builds the whole index at once (and the people index, rebuildMemberSearchIndex), after a bulk load that
 * wrote overflow rows with `search_seq` NULL: gives
 * every unindexed posting its key (in creation order, after the existing ones), then rebuilds the index
 * (SQLite: FTS5 'rebuild'; PostgreSQL: the documents of the postings that have none). Idempotent.
 *
 * PostgreSQL, for a million postings: one INSERT … SELECT computing every document in the server, the skills
 * aggregated once by a grouped join rather than a subquery per posting; when it adds more documents than the
 * index holds already, the GIN index is dropped first and built once over all of them afterwards (one sorted
 * build instead of a million pending-list insertions), with maintenance_work_mem raised for it; then ANALYZE.
 */
export async function rebuildSearchIndex(db: AnyDb): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from overflow where search_seq is null
  `.execute(db);
  const missing = Number(rows[0]!.n);
  if (missing > 0) {
    const first = await nextSeqs(db, missing);
    await sql`
      update overflow set search_seq = r.n + ${first - 1}
      from (select id, row_number() over (order by created_at, id) as n from overflow where search_seq is null) r
      where r.id = overflow.id
    `.execute(db);
    // Fresh statistics for the keys just given: a bulk load's ANALYZE saw them all NULL, and the anti-join
    // below planned on that estimate (one row) walks a nested loop over a million.
    if (pg) await sql`analyze overflow`.execute(db);
  }
  await rebuildMemberSearchIndex(db);
  if (!pg) {
    await sql`insert into overflow_fts (overflow_fts) values ('rebuild')`.execute(db);
    return;
  }
  // Keys a loader may have written itself must not be handed out again.
  await sql`select setval('overflow_search_seq_counter', coalesce((select max(search_seq) from overflow), 0) + 1, false)`.execute(
    db,
  );
  const build = async (tx: AnyDb) => {
    const { rows: n } = await sql<{ have: string; want: string }>`
      select (select count(*) from overflow_search) as have,
             (select count(*) from overflow where search_seq is not null) as want
    `.execute(tx);
    const have = Number(n[0]!.have);
    const adding = Number(n[0]!.want) - have;
    if (adding <= 0) return false;
    const bulk = adding > 10_000 && adding > have;
    if (have === 0) {
      // Empty: drop the dead rows of an earlier, aborted build, and insert without the anti-join below.
      await sql`truncate overflow_search`.execute(tx);
    } else {
      // Planned on stale statistics that say "empty", the anti-join below becomes a nested loop that scans
      // the whole table once per posting, and the rows this very statement inserts make it quadratic.
      await sql`analyze overflow_search`.execute(tx);
    }
    let indexes: { name: string; def: string }[] = [];
    if (bulk) {
      // The plain indexes of overflow_search (the GIN one), not its primary key.
      indexes = (
        await sql<{ name: string; def: string }>`
          select i.indexname as name, i.indexdef as def from pg_indexes i
           where i.schemaname = current_schema() and i.tablename = 'overflow_search'
             and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
        `.execute(tx)
      ).rows;
      for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(tx);
    }
    // The same document as pgDocument(), with the skills of every posting aggregated in one pass.
    await sql`
      insert into overflow_search (search_seq, doc)
      select o.search_seq,
             setweight(to_tsvector('english', o.title), 'A') ||
             setweight(to_tsvector('english', coalesce(s.skills, '')), 'B') ||
             setweight(to_tsvector('english', o.brief), 'C')
      from overflow o
      left join (select overflow_id, string_agg(skill, ' ' order by position) as skills
                   from overflow_skills group by overflow_id) s on s.overflow_id = o.id
      where o.search_seq is not null
        ${have === 0 ? sql`` : sql`and not exists (select 1 from overflow_search x where x.search_seq = o.search_seq)`}
    `.execute(tx);
    if (bulk) {
      await sql`set local maintenance_work_mem = '1GB'`.execute(tx);
      for (const i of indexes) await sql.raw(i.def).execute(tx);
    }
    return true;
  };
  // In the caller's transaction when there is one; otherwise its own, so the index is never left dropped.
  const added = db.isTransaction ? await build(db) : await db.transaction().execute(build);
  if (added || missing > 0) await sql`analyze overflow, overflow_search`.execute(db);
}

export interface TextMatch {
  id: string;
  seq: number;
}

/**
 * The newest `limit` postings whose text matches every term and that pass `where` (visibility, status,
 * filters over `overflow`), looked for among the newest `window` text matches only. Both walks go down the
 * search key and stop early, so the cost follows `window` and `limit`, not how common the words are or how
 * selective the filters. No relevance function runs here: FTS5's bm25 first counts every row of each
 * term's doclist (its IDF), which for a common word is the very cost avoided; the service scores the
 * bounded set itself (docs/decisions/0014-search-design.md).
 */
export async function matchNewest(
  db: AnyDb,
  terms: readonly SearchTerm[],
  where: Expression<SqlBool>,
  limit: number,
  window: number,
): Promise<TextMatch[]> {
  const pg = dialectOf(db) === 'postgres';
  const query = pg ? tsQuery(terms) : fts5Query(terms);
  return newestMatches(db, pg ? INDEXES.overflow.pg : INDEXES.overflow.sqlite, query, where, limit, window);
}

/** The tables of each text index: the rows it keys (`base.search_seq`) and its index table per dialect. */
const INDEXES = {
  overflow: {
    pg: { base: sql.raw('overflow'), index: sql.raw('overflow_search'), fts: false },
    sqlite: { base: sql.raw('overflow'), index: sql.raw('overflow_fts'), fts: true },
  },
  members: {
    pg: { base: sql.raw('members'), index: sql.raw('member_search'), fts: false },
    sqlite: { base: sql.raw('members'), index: sql.raw('member_fts'), fts: true },
  },
} as const;

type IndexTables = (typeof INDEXES)[keyof typeof INDEXES][keyof (typeof INDEXES)['overflow']];

/**
 * The two walks of matchNewest and matchMembersNewest: the lowest key among the newest `window` text
 * matches, then the newest `limit` matches at or above it that pass `where` (over the base table).
 */
async function newestMatches(
  db: AnyDb,
  t: IndexTables,
  query: string | RawBuilder<unknown>,
  where: Expression<SqlBool>,
  limit: number,
  window: number,
): Promise<TextMatch[]> {
  const { base, index } = t;
  const { rows: bound } = t.fts
    ? await sql<{ low: number | null }>`
        select min(rowid) as low from (
          select rowid from ${index} where ${index} match ${query}
          order by rowid desc limit ${window}
        ) w
      `.execute(db)
    : await sql<{ low: number | null }>`
        select min(search_seq) as low from (
          select search_seq from ${index} where doc @@ (${query})
          order by search_seq desc limit ${window}
        ) w
      `.execute(db);
  const low = bound[0]?.low;
  if (low === null || low === undefined) return [];
  const { rows } = t.fts
    ? // `+rowid`: the join must not be pushed into FTS5 as a rowid lookup per base row (that re-runs the
      // full-text query for each one); FTS5 drives, walking its doclist newest first.
      await sql<{ id: string; seq: number }>`
        select ${base}.id, ${base}.search_seq as seq
        from ${index}
        join ${base} on ${base}.search_seq = +${index}.rowid
        where ${index} match ${query} and ${index}.rowid >= ${low} and ${where}
        order by ${index}.rowid desc
        limit ${limit}
      `.execute(db)
    : await sql<{ id: string; seq: number }>`
        select ${base}.id, ${base}.search_seq as seq
        from ${index} x
        join ${base} on ${base}.search_seq = x.search_seq
        where x.doc @@ (${query}) and x.search_seq >= ${low} and ${where}
        order by x.search_seq desc
        limit ${limit}
      `.execute(db);
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq) }));
}

// ------------------------------------------------------------------------------------------------ people

/*
 * The people index (migration 0009, docs/decisions/0014-search-design.md "People"): a member's public profile
 * — name, handle, headline, skills, bio — and nothing else (never the email). Keyed by `members.search_seq`.
 * No stemmer: every word of a people search matches a word of the profile by its start.
 */

/** SQLite: every word of at least 3 letters (and every `prefix*`) matches by its start; phrases exactly. */
export function memberFts5Query(terms: readonly SearchTerm[]): string {
  return terms
    .map((t) => {
      const quoted = `"${t.text.replace(/"/g, '""')}"`;
      return t.kind === 'prefix' || (t.kind === 'word' && t.text.length >= MEMBER_PREFIX_MIN)
        ? `${quoted}*`
        : quoted;
    })
    .join(' ');
}

/** Words shorter than this match whole words only (a one-letter prefix would match half the instance). */
export const MEMBER_PREFIX_MIN = 3;

function memberTsQuery(terms: readonly SearchTerm[]) {
  const parts = terms.map((t) => {
    if (t.kind === 'phrase') return sql`phraseto_tsquery('simple', ${t.text})`;
    if (t.kind === 'prefix' || t.text.length >= MEMBER_PREFIX_MIN) {
      // Letters and digits only (the parser guarantees it), so `:*` is the only operator here.
      return sql`to_tsquery('simple', ${`${t.text.replace(/[^\p{L}\p{N}]/gu, '')}:*`})`;
    }
    return sql`plainto_tsquery('simple', ${t.text})`;
  });
  return sql.join(parts, sql` && `);
}

/** The weighted tsvector of `members m`: name and handle A, headline and skills B, bio D. */
function pgMemberDocument() {
  return sql`
    setweight(to_tsvector('simple', m.name), 'A') ||
    setweight(to_tsvector('simple', m.handle), 'A') ||
    setweight(to_tsvector('simple', m.headline), 'B') ||
    setweight(to_tsvector('simple', coalesce((select string_agg(s.skill, ' ' order by s.position)
      from member_skills s where s.member_id = m.id), '')), 'B') ||
    setweight(to_tsvector('simple', m.bio), 'D')
  `;
}

/** Removes a member's document before a public field or their skills change. A no-op when not indexed. */
export async function unindexMember(db: AnyDb, id: string): Promise<void> {
  if (dialectOf(db) === 'postgres') return; // indexMember replaces the row
  // External content: FTS5 must be given the old values to remove them, read before the change.
  await sql`
    insert into member_fts (member_fts, rowid, name, handle, headline, skills, bio)
    select 'delete', d.search_seq, d.name, d.handle, d.headline, d.skills, d.bio
    from member_search_docs d
    where d.search_seq = (select m.search_seq from members m where m.id = ${id})
  `.execute(db);
}

/** (Re)indexes a member's document after it was written; gives the member a search key when they have none. */
export async function indexMember(db: AnyDb, id: string): Promise<void> {
  const row = await db.selectFrom('members').select('search_seq').where('id', '=', id).executeTakeFirst();
  if (!row) return;
  if (row.search_seq === null) {
    const seq = await nextSeqs(db, 1, 'members');
    await db.updateTable('members').set({ search_seq: seq }).where('id', '=', id).execute();
  }
  if (dialectOf(db) === 'postgres') {
    await sql`
      insert into member_search (search_seq, doc)
      select m.search_seq, ${pgMemberDocument()} from members m where m.id = ${id}
      on conflict (search_seq) do update set doc = excluded.doc
    `.execute(db);
    return;
  }
  await sql`
    insert into member_fts (rowid, name, handle, headline, skills, bio)
    select d.search_seq, d.name, d.handle, d.headline, d.skills, d.bio
    from member_search_docs d
    where d.search_seq = (select m.search_seq from members m where m.id = ${id})
  `.execute(db);
}

/**
 * The people index at once, after a bulk load that wrote members with `search_seq` NULL: numbers them in
 * sign-up order after the existing keys, then SQLite rebuilds the FTS5 table and PostgreSQL writes the
 * documents of the members that have none, skills grouped in one pass. Idempotent.
 */
export async function rebuildMemberSearchIndex(db: AnyDb): Promise<void> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from members where search_seq is null and deleted_at is null
  `.execute(db);
  const missing = Number(rows[0]!.n);
  if (missing > 0) {
    const first = await nextSeqs(db, missing, 'members');
    await sql`
      update members set search_seq = r.n + ${first - 1}
      from (select id, row_number() over (order by created_at, id) as n from members
        where search_seq is null and deleted_at is null) r
      where r.id = members.id
    `.execute(db);
  }
  if (dialectOf(db) === 'postgres') {
    await sql`select setval('member_search_seq_counter', coalesce((select max(search_seq) from members), 0) + 1, false)`.execute(
      db,
    );
    await sql`
      insert into member_search (search_seq, doc)
      select m.search_seq,
        setweight(to_tsvector('simple', m.name), 'A') ||
        setweight(to_tsvector('simple', m.handle), 'A') ||
        setweight(to_tsvector('simple', m.headline), 'B') ||
        setweight(to_tsvector('simple', coalesce(s.skills, '')), 'B') ||
        setweight(to_tsvector('simple', m.bio), 'D')
      from members m
      left join (select member_id, string_agg(skill, ' ' order by position) as skills
        from member_skills group by member_id) s on s.member_id = m.id
      where m.search_seq is not null
        and not exists (select 1 from member_search x where x.search_seq = m.search_seq)
    `.execute(db);
    return;
  }
  await sql`insert into member_fts (member_fts) values ('rebuild')`.execute(db);
}

/**
 * The newest `limit` members whose public profile matches every term and who pass `where` (over `members`),
 * among the newest `window` text matches: two walks down the search key that stop early, as matchNewest.
 */
export async function matchMembersNewest(
  db: AnyDb,
  terms: readonly SearchTerm[],
  where: Expression<SqlBool>,
  limit: number,
  window: number,
): Promise<TextMatch[]> {
  const pg = dialectOf(db) === 'postgres';
  const query = pg ? memberTsQuery(terms) : memberFts5Query(terms);
  return newestMatches(db, pg ? INDEXES.members.pg : INDEXES.members.sqlite, query, where, limit, window);
}

/**
 * Takes a member out of the people index for good (account deletion, docs/account-deletion.md): their
 * document goes and their search key is cleared. Call before their profile or skills change.
 */
export async function removeMemberFromSearch(db: AnyDb, id: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`
      delete from member_search where search_seq = (select m.search_seq from members m where m.id = ${id})
    `.execute(db);
  } else {
    await unindexMember(db, id);
  }
  await db.updateTable('members').set({ search_seq: null }).where('id', '=', id).execute();
}

/**
 * Merges the SQLite people index's segments, so a removed document's terms leave the index's pages too (an
 * FTS5 delete only adds a tombstone until segments merge). Once per deletion run; a no-op on PostgreSQL.
 */
export async function compactMemberSearch(db: AnyDb): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`insert into member_fts (member_fts) values ('optimize')`.execute(db);
}
