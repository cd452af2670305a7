import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// People search (issue 7, docs/decisions/0014-search-design.md, "People"): a full-text index of the public
// profile — name, handle, headline, skills and bio, never the email or anything else private.
//
// `members.search_seq` is the stable key, as `overflow.search_seq` is for postings (0006): unique, increasing
// with creation, NULL until indexed. It is the FTS5 rowid on SQLite (members have a text primary key, whose
// rowid may change on VACUUM) and the order text matches are walked in on both databases.
//
// SQLite: external-content FTS5 over a view that joins the skills in, no stemmer (names and handles are not
// English prose) and a 3-letter prefix index, since every word of a people search matches by its start.
// PostgreSQL: a table of tsvectors ('simple' configuration) keyed by search_seq, GIN-indexed. The member
// repository writes the index in the same transaction as the profile (db/search-index.ts), no triggers.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').addColumn('search_seq', 'integer').execute();
  // One statement numbers every existing member (a window over the table, not a query per row).
  await sql`update members set search_seq = r.n
    from (select id, row_number() over (order by created_at, id) as n from members) r
    where r.id = members.id`.execute(db);
  await db.schema.createIndex('members_search_seq').on('members').column('search_seq').unique().execute();
  if (dialectOf(db) === 'postgres') {
    await sql`create sequence member_search_seq_counter`.execute(db);
    await sql`select setval('member_search_seq_counter', coalesce((select max(search_seq) from members), 0) + 1, false)`.execute(
      db,
    );
    await sql`create table member_search (search_seq integer primary key, doc tsvector not null)`.execute(db);
    // The skills of every member in one grouped pass, joined by key (not a subquery per member).
    await sql`insert into member_search (search_seq, doc)
      select m.search_seq,
        setweight(to_tsvector('simple', m.name), 'A') ||
        setweight(to_tsvector('simple', m.handle), 'A') ||
        setweight(to_tsvector('simple', m.headline), 'B') ||
        setweight(to_tsvector('simple', coalesce(s.skills, '')), 'B') ||
        setweight(to_tsvector('simple', m.bio), 'D')
      from members m
      left join (select member_id, string_agg(skill, ' ' order by position) as skills
        from member_skills group by member_id) s on s.member_id = m.id
      where m.search_seq is not null`.execute(db);
    await sql`create index member_search_doc on member_search using gin (doc)`.execute(db);
    return;
  }
  await sql`create view member_search_docs as
    select m.search_seq, m.name, m.handle, m.headline,
      coalesce((select group_concat(s.skill, ' ' order by s.position) from member_skills s
        where s.member_id = m.id), '') as skills,
      m.bio
    from members m where m.search_seq is not null`.execute(db);
  await sql`create virtual table member_fts using fts5(
    name, handle, headline, skills, bio,
    content = 'member_search_docs', content_rowid = 'search_seq',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
  )`.execute(db);
  await sql`insert into member_fts(member_fts) values ('rebuild')`.execute(db);
}

// The app never migrates down (forward-only); tests of earlier migrations step back through this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop table member_search`.execute(db);
    await sql`drop sequence member_search_seq_counter`.execute(db);
  } else {
    await sql`drop table member_fts`.execute(db);
    await sql`drop view member_search_docs`.execute(db);
  }
  await db.schema.dropIndex('members_search_seq').execute();
  await db.schema.alterTable('members').dropColumn('search_seq').execute();
}
