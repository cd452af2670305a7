import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Full-text search over overflow (issue 7, docs/decisions/0014-search-design.md).
//
// `search_seq` is a stable integer key owned by search, increasing with creation (newest = highest), unique,
// NULL until the posting is indexed. It is the FTS5 rowid on SQLite (overflow has a text primary key, so its
// own rowid may change on VACUUM and must never key an external-content index) and the order candidates
// are walked in on both databases.
//
// SQLite: an external-content FTS5 table over a view that joins the skills in; the application writes the
// index itself in the same transaction as the posting (db/search-index.ts), no triggers, so a bulk load can
// build it once ('rebuild'). PostgreSQL: a table of tsvectors keyed by search_seq, written the same way, GIN-indexed.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('overflow').addColumn('search_seq', 'integer').execute();
  await sql`update overflow set search_seq = r.n
    from (select id, row_number() over (order by created_at, id) as n from overflow) r
    where r.id = overflow.id`.execute(db);
  await db.schema.createIndex('overflow_search_seq').on('overflow').column('search_seq').unique().execute();
  if (dialectOf(db) === 'postgres') {
    await sql`create sequence overflow_search_seq_counter`.execute(db);
    await sql`select setval('overflow_search_seq_counter', coalesce((select max(search_seq) from overflow), 0) + 1, false)`.execute(
      db,
    );
    // Its own table, so `select *` on overflow never drags a tsvector along.
    await sql`create table overflow_search (search_seq integer primary key, doc tsvector not null)`.execute(
      db,
    );
    await sql`insert into overflow_search (search_seq, doc)
      select o.search_seq,
        setweight(to_tsvector('english', o.title), 'A') ||
        setweight(to_tsvector('english', coalesce((select string_agg(s.skill, ' ' order by s.position)
          from overflow_skills s where s.overflow_id = o.id), '')), 'B') ||
        setweight(to_tsvector('english', o.brief), 'C')
      from overflow o where o.search_seq is not null`.execute(db);
    await sql`create index overflow_search_doc on overflow_search using gin (doc)`.execute(db);
    return;
  }
  await sql`create view overflow_search_docs as
    select o.search_seq, o.title,
      coalesce((select group_concat(s.skill, ' ' order by s.position) from overflow_skills s
        where s.overflow_id = o.id), '') as skills,
      o.brief
    from overflow o where o.search_seq is not null`.execute(db);
  await sql`create virtual table overflow_fts using fts5(
    title, skills, brief,
    content = 'overflow_search_docs', content_rowid = 'search_seq',
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3'
  )`.execute(db);
  await sql`insert into overflow_fts(overflow_fts) values ('rebuild')`.execute(db);
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop table overflow_search`.execute(db);
    await sql`drop sequence overflow_search_seq_counter`.execute(db);
  } else {
    await sql`drop table overflow_fts`.execute(db);
    await sql`drop view overflow_search_docs`.execute(db);
  }
  await db.schema.dropIndex('overflow_search_seq').execute();
  await db.schema.alterTable('overflow').dropColumn('search_seq').execute();
}
