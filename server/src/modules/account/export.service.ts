import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { addMs, DAY, iso, MINUTE } from '../../shared/clock.js';
import { AppError, conflict, notFound, tooManyRequests } from '../../shared/errors.js';
import { hashSecret, newId } from '../../shared/ids.js';
import type { Cursor } from '../../shared/pagination.js';
import { recordAudit } from '../audit/audit.service.js';
import { runAfterAnswer } from '../auth/background.js';
import { PRIVATE_WORK_TITLE } from '../members/members.policy.js';
import { exportsNoteOf, requireMember, requireOwnExport } from './export.policy.js';
import * as repo from './export.repository.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportDocumentSchema,
  type ExportDocument,
} from './export.schemas.js';

/** How long a ready export's link works; then the document is removed (docs/export.md). */
export const EXPORT_TTL_MS = DAY;
/** Exports a member may request per 24 hours. */
export const EXPORTS_PER_DAY = 3;
/** Rows per keyset page: every read of the job is at most this many rows. */
export const EXPORT_BATCH = 200;
/** How long a process holds an export; every batch extends it, so only a stalled job loses it. */
const CLAIM_MS = 2 * MINUTE;

type ExportRow = NonNullable<Awaited<ReturnType<typeof repo.findExport>>>;

export interface ExportView {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  progress: number;
  total: number;
  createdAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  bytes: number | null;
  downloadUrl: string | null;
  error: string | null;
}

// --- the signed link ---------------------------------------------------------------------------------------

const KEY_NAME = 'export_link_key';
const keys = new WeakMap<Db, string>();

/** The instance's key for export links: made on first use (the first process to insert wins), then cached. */
async function linkKey(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<string> {
  const cached = keys.get(ctx.db);
  if (cached) return cached;
  const value = await repo.ensureSecret(
    ctx.db,
    KEY_NAME,
    randomBytes(32).toString('base64url'),
    iso(ctx.clock.now()),
  );
  keys.set(ctx.db, value);
  return value;
}

/** The link's token: HMAC-SHA256 over the export and the moment it became ready. Signed, not stored. */
function linkToken(key: string, id: string, readyAt: string): Buffer {
  return createHmac('sha256', key).update(`export\n${id}\n${readyAt}`).digest();
}

function tokenMatches(key: string, row: ExportRow, given: string): boolean {
  if (!row.ready_at || given.length > 200 || !/^[A-Za-z0-9_-]+$/.test(given)) return false;
  const expected = linkToken(key, row.id, row.ready_at);
  const got = Buffer.from(given, 'base64url');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const isExpired = (row: ExportRow, now: Date) =>
  row.status === 'ready' && (!row.expires_at || row.expires_at <= iso(now) || row.data === null);

async function toView(ctx: AppContext, row: ExportRow): Promise<ExportView> {
  const expired = isExpired(row, ctx.clock.now());
  const ready = row.status === 'ready' && !expired;
  return {
    id: row.id,
    status: expired ? 'expired' : row.status,
    progress: row.progress,
    total: row.total,
    createdAt: row.created_at,
    readyAt: row.ready_at,
    expiresAt: row.expires_at,
    bytes: ready ? row.bytes : null,
    downloadUrl:
      ready && row.ready_at
        ? `/api/v1/me/exports/${row.id}/download?token=${linkToken(await linkKey(ctx), row.id, row.ready_at).toString('base64url')}`
        : null,
    error: row.error,
  };
}

// --- the operations ----------------------------------------------------------------------------------------

/**
 * Queues an export of everything the member has and starts building it at once (small accounts are ready in a
 * moment; large ones show progress). One at a time: while one is queued or running, that one is the answer.
 */
export async function requestExport(
  ctx: AppContext,
  actor: Actor | null,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<ExportView> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const created = await ctx.db.transaction().execute(async (trx) => {
    const pending = await repo.pendingExportOf(trx, a.memberId);
    if (pending) return { row: pending, fresh: false };
    const since = iso(addMs(now, -DAY));
    const recent = await repo.countExportsSince(trx, a.memberId, since, EXPORTS_PER_DAY);
    if (recent.count >= EXPORTS_PER_DAY) {
      const retryAt = addMs(new Date(recent.oldest!), DAY).getTime();
      throw tooManyRequests(
        `You can request ${EXPORTS_PER_DAY} exports a day. Download the last one, or try again later.`,
        Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
        'EXPORT_LIMIT_REACHED',
      );
    }
    const id = newId(now);
    const inserted = await repo.insertExport(trx, {
      id,
      member_id: a.memberId,
      status: 'queued',
      token_hash: null,
      data: null,
      bytes: null,
      error: null,
      claimed_until: null,
      created_at: iso(now),
      started_at: null,
      ready_at: null,
      expires_at: null,
    });
    if (!inserted) return { row: (await repo.pendingExportOf(trx, a.memberId))!, fresh: false };
    await recordAudit(
      trx,
      {
        memberId: a.memberId,
        actorId: a.memberId,
        action: 'account.export_requested',
        subjectType: 'export',
        subjectId: id,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent ?? null,
      },
      now,
    );
    return { row: (await repo.findExport(trx, id))!, fresh: true };
  });
  if (created.fresh)
    runAfterAnswer(ctx, 'export', () => runExport(ctx, created.row.id).then(() => undefined));
  return toView(ctx, created.row);
}

export async function getExport(ctx: AppContext, actor: Actor | null, id: string): Promise<ExportView> {
  const row = requireOwnExport(actor, await repo.findExport(ctx.db, id));
  return toView(ctx, row);
}

/** The member's exports, newest first (at most 10: a few a day, removed when they expire). */
export async function listExports(ctx: AppContext, actor: Actor | null): Promise<{ items: ExportView[] }> {
  const a = requireMember(actor);
  const rows = await repo.listExportsOf(ctx.db, a.memberId, 10);
  return { items: await Promise.all(rows.map((r) => toView(ctx, r))) };
}

/**
 * The document itself. Authorised by the link's signed token (it works without a session until it expires) or
 * by the member's own session or access token. Another member's export is "not found"; an expired one is 410.
 */
export async function downloadExport(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  token: string | undefined,
): Promise<{ fileName: string; body: string }> {
  const found = await repo.findExport(ctx.db, id);
  const row =
    token !== undefined
      ? found && tokenMatches(await linkKey(ctx), found, token)
        ? found
        : (() => {
            throw notFound('Export', 'EXPORT_NOT_FOUND');
          })()
      : requireOwnExport(actor, found);
  if (isExpired(row, ctx.clock.now())) {
    throw new AppError(
      410,
      'EXPORT_EXPIRED',
      'This download link has expired and the export was removed. Request a new export from your account settings.',
    );
  }
  if (row.status !== 'ready' || row.data === null) {
    throw conflict(
      'EXPORT_NOT_READY',
      row.status === 'failed'
        ? 'This export could not be built. Request a new one.'
        : 'This export is still being prepared. Try again in a moment.',
    );
  }
  const member = await repo.findMember(ctx.db, row.member_id);
  return {
    fileName: `slipstream-export-${member?.handle ?? 'member'}-${row.ready_at!.slice(0, 10)}.json`,
    body: row.data,
  };
}

// --- the job -----------------------------------------------------------------------------------------------

/** The scheduler's tick: remove expired documents, then build what is queued (each claimed, so once). */
export async function runExportJob(ctx: AppContext): Promise<{ built: number; removed: number }> {
  const removed = await cleanupExpiredExports(ctx);
  let built = 0;
  for (const { id } of await repo.listClaimableExports(ctx.db, iso(ctx.clock.now()), 5)) {
    if (await runExport(ctx, id)) built += 1;
  }
  return { built, removed };
}

/** Drops the documents (and nothing else: the row says it existed) of exports whose link expired. */
export async function cleanupExpiredExports(ctx: AppContext): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = (await repo.listExpiredWithData(ctx.db, iso(ctx.clock.now()), 100)).map((r) => r.id);
    removed += await repo.dropDocuments(ctx.db, ids);
    if (ids.length < 100) return removed;
  }
}

class ClaimLost extends Error {}

export interface RunOptions {
  batchSize?: number;
  /** Called after each batch's progress is stored (tests watch it go up). */
  onProgress?: (progress: number, total: number) => void;
}

/** Claims one export and builds it; false when another process holds it or it is not waiting. */
export async function runExport(ctx: AppContext, id: string, options: RunOptions = {}): Promise<boolean> {
  const now = ctx.clock.now();
  let claimedUntil = iso(addMs(now, CLAIM_MS));
  if (!(await repo.claimExport(ctx.db, id, iso(now), claimedUntil))) return false;
  const row = (await repo.findExport(ctx.db, id))!;
  try {
    const total = await repo.countSections(ctx.db, row.member_id);
    let progress = 0;
    const tick = async (n: number) => {
      progress += n;
      const next = iso(addMs(ctx.clock.now(), CLAIM_MS));
      const held = await repo.updateProgress(ctx.db, id, claimedUntil, {
        progress: Math.min(progress, total),
        total,
        claimed_until: next,
      });
      if (!held) throw new ClaimLost();
      claimedUntil = next;
      options.onProgress?.(Math.min(progress, total), total);
    };
    await tick(0);
    const doc = await buildDocument(ctx, row, options.batchSize ?? EXPORT_BATCH, tick);
    const data = JSON.stringify(exportDocumentSchema.parse(doc));
    const readyAt = ctx.clock.now();
    const token = linkToken(await linkKey(ctx), id, iso(readyAt)).toString('base64url');
    const done = await repo.finishExport(ctx.db, id, claimedUntil, {
      data,
      bytes: Buffer.byteLength(data),
      token_hash: hashSecret(token),
      ready_at: iso(readyAt),
      expires_at: iso(addMs(readyAt, EXPORT_TTL_MS)),
      progress: total,
      total,
    });
    return done;
  } catch (error) {
    if (error instanceof ClaimLost) return false;
    ctx.log.error({ err: error, exportId: id }, 'export failed');
    await repo.failExport(ctx.db, id, 'The export could not be built. Request a new one.');
    return false;
  }
}

// --- the document ------------------------------------------------------------------------------------------

type Person = { handle: string; name: string };
const FORMER: Person = { handle: '', name: 'a former member' };

type Keyed = { id: string; created_at: string };

/**
 * Builds the document in keyset pages of `batch` rows (never one unbounded read), calling `tick` with the rows
 * of each top-level page. Other members are looked up by id in batches and shown by handle and name only.
 */
async function buildDocument(
  ctx: AppContext,
  row: ExportRow,
  batch: number,
  tick: (n: number) => Promise<void>,
): Promise<ExportDocument> {
  const db = ctx.db;
  const me = row.member_id;
  const member = await repo.findMember(db, me);
  if (!member) throw new Error('member not found');

  const people = new Map<string, Person>();
  const learn = async (ids: (string | null | undefined)[]) => {
    const missing = [...new Set(ids.filter((x): x is string => !!x && !people.has(x)))];
    for (let i = 0; i < missing.length; i += batch) {
      for (const p of await repo.findPeople(db, missing.slice(i, i + batch)))
        people.set(p.id, p.deleted_at ? FORMER : { handle: p.handle, name: p.name });
    }
  };
  const person = (id: string): Person => people.get(id) ?? FORMER;
  const personOrNull = (id: string | null): Person | null => (id ? person(id) : null);

  /** Walks one keyset-paged read to its end; `count` pages tick the progress. */
  async function walk<R extends Keyed>(
    fetch: (cursor: Cursor | undefined, limit: number) => Promise<R[]>,
    each: (rows: R[]) => Promise<void>,
    opts: { key?: (r: R) => string; count?: boolean } = {},
  ): Promise<void> {
    const key = opts.key ?? ((r: R) => r.created_at);
    let cursor: Cursor | undefined;
    for (;;) {
      const rows = await fetch(cursor, batch);
      if (rows.length > 0) await each(rows);
      if (opts.count !== false) await tick(rows.length);
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      cursor = { key: key(last), id: last.id };
    }
  }
  const json = <T>(s: string, fallback: T): T => {
    try {
      return JSON.parse(s) as T;
    } catch {
      return fallback;
    }
  };
  const grouped = <T extends Record<K, string>, K extends keyof T>(rows: T[], k: K) => {
    const out = new Map<string, T[]>();
    for (const r of rows) out.set(r[k], [...(out.get(r[k]) ?? []), r]);
    return out;
  };

  const doc: ExportDocument = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportId: row.id,
    generatedAt: iso(ctx.clock.now()),
    instance: { name: await repo.instanceName(db), url: ctx.config.publicUrl },
    profile: {
      id: member.id,
      handle: member.handle,
      name: member.name,
      email: member.email,
      emailVerifiedAt: member.email_verified_at,
      headline: member.headline,
      bio: member.bio,
      links: json<{ label: string; url: string }[]>(member.links, []),
      skills: (await repo.memberSkills(db, me, 500)).map((s) => s.skill),
      contactLine: member.contact_line,
      role: member.role,
      createdAt: member.created_at,
      updatedAt: member.updated_at,
    },
    settings: {
      timeZone: member.time_zone,
      capacity: member.capacity,
      digestHour: member.digest_hour,
      quietAfterDays: member.quiet_after_days,
      emailPreferences: (await repo.emailPreferences(db, me, 500)).map((p) => ({
        kind: p.kind,
        mode: p.mode,
        updatedAt: p.updated_at,
      })),
    },
    workRecords: [],
    overflow: [],
    offers: { made: [], received: [] },
    engagements: [],
    reviews: { given: [], received: [] },
    ties: [],
    ledger: [],
    noticed: { sent: [], received: [] },
    thanks: { sent: [], received: [] },
    notifications: [],
    sessions: [],
    accessTokens: [],
    auditEvents: [],
  };

  await walk(
    (c, n) => repo.workRecordsPage(db, me, c, n),
    async (rows) => {
      await learn(rows.map((r) => r.verifier_id));
      const skills = grouped(
        await repo.workRecordSkills(
          db,
          rows.map((r) => r.id),
        ),
        'work_record_id',
      );
      for (const r of rows)
        doc.workRecords.push({
          id: r.id,
          title: r.title,
          summary: r.summary,
          url: r.url,
          kind: r.kind,
          occurredOn: r.occurred_on,
          skills: (skills.get(r.id) ?? []).map((s) => s.skill),
          detailsPublic: r.details_public === 1,
          verification: {
            verified: r.verified === 1,
            engagementId: r.engagement_id,
            endorsement: r.endorsement,
            verifiedBy: personOrNull(r.verifier_id),
          },
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        });
    },
  );

  const myOverflow: { id: string; title: string }[] = [];
  await walk(
    (c, n) => repo.overflowPage(db, me, c, n),
    async (rows) => {
      await learn(rows.map((r) => r.ask_member_id));
      const skills = grouped(
        await repo.overflowSkills(
          db,
          rows.map((r) => r.id),
        ),
        'overflow_id',
      );
      for (const o of rows) {
        myOverflow.push({ id: o.id, title: o.title });
        doc.overflow.push({
          id: o.id,
          title: o.title,
          brief: o.brief,
          effortHours: o.effort_hours,
          dueOn: o.due_on,
          visibility: o.visibility,
          askMember: personOrNull(o.ask_member_id),
          status: o.status,
          skills: (skills.get(o.id) ?? []).map((s) => s.skill),
          hiddenByModerator: o.hidden_at !== null,
          createdAt: o.created_at,
          updatedAt: o.updated_at,
        });
      }
    },
  );

  const evidenceOf = async (ids: string[]) => grouped(await repo.offerEvidence(db, ids), 'offer_id');
  await walk(
    (c, n) => repo.offersMadePage(db, me, c, n),
    async (rows) => {
      await learn(rows.map((r) => r.owner_id));
      const evidence = await evidenceOf(rows.map((r) => r.id));
      for (const o of rows)
        doc.offers.made.push({
          id: o.id,
          overflow: { id: o.overflow_id, title: o.overflow_title },
          owner: person(o.owner_id),
          pitch: o.pitch,
          proposedOn: o.proposed_on,
          status: o.status,
          declineNote: o.decline_note,
          evidenceWorkRecordIds: (evidence.get(o.id) ?? []).map((e) => e.work_record_id),
          createdAt: o.created_at,
          updatedAt: o.updated_at,
        });
    },
  );
  // Offers on the member's overflow: one walk per overflow (offers_overflow_created); a moderator-hidden offer
  // has left every view but its helper's.
  for (const o of myOverflow) {
    await walk(
      (c, n) => repo.offersOnOverflowPage(db, o.id, c, n),
      async (rows) => {
        const shown = rows.filter((r) => r.hidden_at === null);
        await learn(shown.map((r) => r.helper_id));
        const evidence = await evidenceOf(shown.map((r) => r.id));
        for (const r of shown)
          doc.offers.received.push({
            id: r.id,
            overflow: o,
            helper: person(r.helper_id),
            pitch: r.pitch,
            proposedOn: r.proposed_on,
            status: r.status,
            declineNote: r.decline_note,
            evidenceWorkRecordIds: (evidence.get(r.id) ?? []).map((e) => e.work_record_id),
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          });
      },
      { count: false },
    );
  }

  for (const side of ['owner', 'helper'] as const) {
    await walk(
      (c, n) =>
        repo
          .engagementsPage(db, me, side, c, n)
          .then((rows) => rows.map((r) => ({ ...r, created_at: r.started_at }))),
      async (rows) => {
        await learn(rows.flatMap((e) => [e.owner_id, e.helper_id, e.abandoned_by]));
        for (const e of rows) {
          const counterpartId = side === 'owner' ? e.helper_id : e.owner_id;
          const events: ExportDocument['engagements'][number]['events'] = [];
          await walk(
            (c, n) => repo.eventsPage(db, e.id, c, n),
            async (evs) => {
              await learn(evs.map((ev) => ev.actor_id));
              for (const ev of evs) {
                const shown = exportsNoteOf(me, ev);
                events.push({
                  id: ev.id,
                  kind: ev.kind,
                  actor: personOrNull(ev.actor_id),
                  note: shown ? ev.note : null,
                  links: shown ? json<string[]>(ev.links, []) : [],
                  notePrivate: ev.note_private === 1,
                  createdAt: ev.created_at,
                });
              }
            },
            { count: false },
          );
          const messages: ExportDocument['engagements'][number]['messages'] = [];
          await walk(
            (c, n) => repo.messagesPage(db, e.id, c, n),
            async (ms) => {
              // A moderator-hidden message stays in its author's export only.
              const shown = ms.filter((m) => m.hidden_at === null || m.author_id === me);
              await learn(shown.map((m) => m.author_id));
              for (const m of shown)
                messages.push({
                  id: m.id,
                  author: person(m.author_id),
                  body: m.body,
                  createdAt: m.created_at,
                  editedAt: m.edited_at,
                });
            },
            { count: false },
          );
          doc.engagements.push({
            id: e.id,
            role: side,
            overflow: { id: e.overflow_id, title: e.overflow_title },
            counterpart: person(counterpartId),
            status: e.status,
            effortHours: e.effort_hours,
            startedAt: e.started_at,
            deliveredAt: e.delivered_at,
            completedAt: e.completed_at,
            autoCompleted: e.auto_completed === 1,
            abandoned: e.abandoned_at
              ? { at: e.abandoned_at, by: personOrNull(e.abandoned_by), reason: e.abandon_reason ?? '' }
              : null,
            workRecordId: e.work_record_id,
            events,
            messages,
          });
          if (e.status === 'completed' && e.completed_at) {
            (side === 'owner' ? doc.reviews.given : doc.reviews.received).push({
              engagementId: e.id,
              overflowTitle: e.overflow_title,
              counterpart: person(counterpartId),
              rating: e.rating,
              endorsement: e.endorsement ?? '',
              skills: json<string[]>(e.demonstrated_skills, []),
              autoCompleted: e.auto_completed === 1,
              at: e.completed_at,
            });
          }
        }
      },
      { key: (r) => r.started_at },
    );
  }

  for (const side of ['a', 'b'] as const) {
    await walk(
      (c, n) => repo.tiesPage(db, me, side, c, n),
      async (rows) => {
        await learn(rows.map((t) => (side === 'a' ? t.member_b : t.member_a)));
        for (const t of rows)
          doc.ties.push({
            id: t.id,
            counterpart: person(side === 'a' ? t.member_b : t.member_a),
            formedVia: t.formed_via,
            formedLabel: t.formed_label,
            strength: t.strength,
            weightGiven: side === 'a' ? t.weight_a_to_b : t.weight_b_to_a,
            weightReceived: side === 'a' ? t.weight_b_to_a : t.weight_a_to_b,
            completedTogether: t.completed_together,
            createdAt: t.created_at,
            updatedAt: t.updated_at,
          });
      },
    );
  }

  for (const side of ['given', 'received'] as const) {
    await walk(
      (c, n) => repo.ledgerPage(db, me, side, c, n),
      async (rows) => {
        await learn(rows.map((l) => (side === 'given' ? l.receiver_id : l.giver_id)));
        for (const l of rows)
          doc.ledger.push({
            id: l.id,
            direction: side,
            counterpart: person(side === 'given' ? l.receiver_id : l.giver_id),
            kind: l.kind,
            weight: l.weight,
            sourceType: l.source_type,
            sourceId: l.source_id,
            createdAt: l.created_at,
          });
      },
    );
  }

  for (const side of ['sent', 'received'] as const) {
    await walk(
      (c, n) => repo.noticedPage(db, me, side, c, n),
      async (rows) => {
        const shown = rows.filter((r) => side === 'sent' || r.hidden_at === null);
        await learn(shown.map((r) => (side === 'sent' ? r.to_id : r.from_id)));
        for (const r of shown) {
          // The one credit rule (members.policy workRecordShownTo): another member's verified record with
          // private details shows a neutral title to anyone but its helper and the owner who verified it.
          const party = r.record_member_id === me || r.record_verifier_id === me;
          const hidden = r.record_verified === 1 && r.record_details_public === 0 && !party;
          doc.noticed[side].push({
            id: r.id,
            counterpart: person(side === 'sent' ? r.to_id : r.from_id),
            message: r.message,
            workRecord: { id: r.work_record_id, title: hidden ? PRIVATE_WORK_TITLE : r.record_title },
            status: r.status,
            respondedAt: r.responded_at,
            createdAt: r.created_at,
          });
        }
      },
    );
  }

  for (const side of ['sent', 'received'] as const) {
    await walk(
      (c, n) => repo.thanksPage(db, me, side, c, n),
      async (rows) => {
        const shown = rows.filter((r) => side === 'sent' || r.hidden_at === null);
        await learn(shown.map((r) => (side === 'sent' ? r.to_id : r.from_id)));
        for (const r of shown)
          doc.thanks[side].push({
            id: r.id,
            counterpart: person(side === 'sent' ? r.to_id : r.from_id),
            message: r.message,
            engagementId: r.engagement_id,
            createdAt: r.created_at,
          });
      },
    );
  }

  await walk(
    (c, n) => repo.notificationsPage(db, me, c, n),
    async (rows) => {
      await learn(rows.map((r) => r.actor_id));
      for (const r of rows)
        doc.notifications.push({
          id: r.id,
          type: r.type,
          actor: personOrNull(r.actor_id),
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          data: json<Record<string, unknown>>(r.data, {}),
          readAt: r.read_at,
          createdAt: r.created_at,
        });
    },
  );

  await walk(
    (c, n) => repo.sessionsPage(db, me, c, n),
    async (rows) => {
      for (const s of rows)
        doc.sessions.push({
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          expiresAt: s.expires_at,
          userAgent: s.user_agent,
          ip: s.ip,
        });
    },
  );

  await walk(
    (c, n) => repo.accessTokensPage(db, me, c, n),
    async (rows) => {
      for (const t of rows)
        doc.accessTokens.push({
          id: t.id,
          name: t.name,
          prefix: t.token_prefix,
          createdAt: t.created_at,
          expiresAt: t.expires_at,
          lastUsedAt: t.last_used_at,
          revokedAt: t.revoked_at,
        });
    },
  );

  await walk(
    (c, n) => repo.auditPage(db, me, c, n),
    async (rows) => {
      await learn(rows.map((r) => r.actor_id));
      for (const r of rows)
        doc.auditEvents.push({
          id: r.id,
          action: r.action,
          actor: personOrNull(r.actor_id),
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          detail: json<Record<string, unknown>>(r.detail, {}),
          ip: r.ip,
          userAgent: r.user_agent,
          createdAt: r.created_at,
        });
    },
  );

  return doc;
}
