/**
 * The scale seed's instance: which rows, in which order, with which columns. Pure apart from the sink it
 * writes to (same options, same rows, same order), so it is the part the benchmark's cache key hashes
 * (bench/run.ts) together with seed-scale-data.ts; the loader (seed-scale.ts) only decides how rows are written.
 */
import {
  DAY_MS,
  PowerLaw,
  SKILLS,
  TIME_ZONES,
  brief,
  drawSkills,
  drawStatus,
  drawVisibility,
  headline,
  isoDay,
  isoTime,
  mulberry32,
  paragraph,
  permutation,
  personName,
  pick,
  randInt,
  scaleId,
  title,
  type Rng,
} from './seed-scale-data.js';
import { ownerCredit } from '../shared/ledger-weights.js';
import type { Database } from './schema.js';

/** Every column each seeded table gets, in insert order: must be exactly the table's columns (tested). */
export const SEED_COLUMNS = {
  members: [
    'id',
    'handle',
    'email',
    'email_verified_at',
    'password_hash',
    'name',
    'headline',
    'bio',
    'time_zone',
    'links',
    'capacity',
    'role',
    'trusted',
    'created_at',
    'updated_at',
  ],
  member_skills: ['member_id', 'skill', 'position'],
  overflow: [
    'id',
    'owner_id',
    'title',
    'brief',
    'effort_hours',
    'due_on',
    'due_key',
    'visibility',
    'ask_member_id',
    'status',
    'created_at',
    'updated_at',
  ],
  overflow_skills: ['overflow_id', 'skill', 'position', 'status', 'created_at', 'due_key'],
  offers: [
    'id',
    'overflow_id',
    'helper_id',
    'pitch',
    'proposed_on',
    'status',
    'decline_note',
    'created_at',
    'updated_at',
  ],
  engagements: [
    'id',
    'overflow_id',
    'offer_id',
    'owner_id',
    'helper_id',
    'status',
    'started_at',
    'delivered_at',
    'completed_at',
    'auto_completed',
    'abandoned_at',
    'abandoned_by',
    'abandon_reason',
    'rating',
    'endorsement',
    'demonstrated_skills',
    'work_record_id',
    'updated_at',
    'effort_hours',
  ],
  engagement_events: ['id', 'engagement_id', 'kind', 'actor_id', 'note', 'links', 'created_at'],
  work_records: [
    'id',
    'member_id',
    'title',
    'summary',
    'url',
    'kind',
    'occurred_on',
    'verified',
    'engagement_id',
    'endorsement',
    'created_at',
    'updated_at',
    'details_public',
  ],
  work_record_skills: ['work_record_id', 'skill', 'position'],
  ties: [
    'id',
    'member_a',
    'member_b',
    'formed_via',
    'formed_label',
    'source_id',
    'strength',
    'created_at',
    'updated_at',
  ],
  ledger_entries: [
    'id',
    'giver_id',
    'receiver_id',
    'kind',
    'weight',
    'source_type',
    'source_id',
    'created_at',
  ],
  thanks_notes: ['id', 'from_id', 'to_id', 'message', 'engagement_id', 'created_at'],
  noticed_notes: [
    'id',
    'from_id',
    'to_id',
    'work_record_id',
    'message',
    'status',
    'created_at',
    'responded_at',
  ],
} as const satisfies { [T in keyof Database]?: readonly (keyof Database[T])[] };

/**
 * Columns the loader leaves to the step after the load (`afterBulkLoad`): the search key is numbered when the
 * search index is built once over every posting.
 */
/**
 * Columns the loader leaves to their defaults: no seeded member has a contact line or a quiet period of their
 * own, every one takes the digest at 08:00 and is placed by the digest scheduler, no seeded delivery note
 * is private, and no one is suspended, leaving, or hidden by a moderator (0020).
 */
export const DEFAULTED_COLUMNS: { [T in SeedTable]?: readonly string[] } = {
  members: [
    'contact_line',
    'quiet_after_days',
    'digest_hour',
    'digest_next_at',
    'digest_since',
    'suspended_at',
    'deletion_requested_at',
    'deletion_due_at',
    'deleted_at',
  ],
  engagement_events: ['note_private'],
  overflow: ['hidden_at'],
  offers: ['hidden_at'],
  noticed_notes: ['hidden_at'],
  thanks_notes: ['hidden_at'],
};

export const AFTER_LOAD_COLUMNS: { [T in SeedTable]?: readonly string[] } = { overflow: ['search_seq'] };

export type SeedTable = keyof typeof SEED_COLUMNS;
/** Parents before children: the order rows are flushed in. */
export const TABLE_ORDER = Object.keys(SEED_COLUMNS) as SeedTable[];

export type ScaleSeedCounts = Record<SeedTable, number>;

export interface InstanceOptions {
  /** Members; overflow postings are 10 × this. */
  scale: number;
  seed: number;
  /** The day the instance "is" at (YYYY-MM-DD): times are before it, open due dates after it. */
  anchorDay: string;
  /** Every seeded member's password hash (one argon2 hash, computed once by the caller). */
  passwordHash: string;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface RowSink {
  add(table: SeedTable, row: unknown[]): void;
  maybeFlush(): Promise<void>;
  flush(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------- generator

const TAG = {
  member: 1,
  overflow: 2,
  offer: 3,
  engagement: 4,
  event: 5,
  work: 6,
  tie: 7,
  ledger: 8,
  thanks: 9,
  noticed: 10,
} as const;

const RATINGS = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, 2] as const;

/** Writes the instance into the sink; pure apart from the sink (same options, same rows, same order). */
export async function generateInstance(sink: RowSink, opts: InstanceOptions): Promise<ScaleSeedCounts> {
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as ScaleSeedCounts;
  const add = (t: SeedTable, row: unknown[]) => {
    counts[t]++;
    sink.add(t, row);
  };
  const rng: Rng = mulberry32(opts.seed);
  const N = Math.max(10, Math.floor(opts.scale));
  const P = N * 10;
  const anchor = Date.parse(`${opts.anchorDay}T00:00:00.000Z`);
  if (!Number.isFinite(anchor)) throw new Error(`anchor day ${opts.anchorDay} is not YYYY-MM-DD`);
  const now = anchor - 3_600_000; // the instance's "now": an hour before the anchor day starts
  const skillLaw = new PowerLaw(SKILLS.length, 1);

  // Members: created over the year before the first posting, in id order.
  const memberStart = now - 730 * DAY_MS;
  const memberStep = Math.floor((365 * DAY_MS) / N);
  const ids: string[] = new Array(N);
  const capacity = new Uint8Array(N);
  const active = new Uint8Array(N); // active + delivered engagements as helper
  const pending = new Uint8Array(N); // pending offers (the app allows at most 5)
  const admins = Math.max(2, Math.min(5, Math.ceil(N / 25_000)));
  const ownerOrder = permutation(rng, N); // rank → member: a power law of posting activity
  const helperOrder = permutation(rng, N); // rank → member: a power law of helping activity
  const ownerLaw = new PowerLaw(N, 0.6);
  const helperLaw = new PowerLaw(N, 0.7);
  const trusted = new Uint8Array(N);
  const trustedCount = Math.max(3, Math.round(N * 0.002));
  for (let r = 0; r < trustedCount && r < N; r++) trusted[helperOrder[r]!] = 1;

  for (let i = 0; i < N; i++) {
    if (i % 5000 === 0) opts.onProgress?.('members', i, N);
    const created = memberStart + i * memberStep;
    const id = scaleId(created, TAG.member, i);
    ids[i] = id;
    const name = personName(rng);
    const handle = `${name.split(' ')[0]!.toLowerCase()}-${i}`;
    const skills = drawSkills(rng, skillLaw, 2, 6);
    const cap = pick(rng, [1, 2, 2, 2, 2, 3, 3, 3, 4, 5]);
    capacity[i] = cap;
    add('members', [
      id,
      handle,
      `${handle}@scale.example`,
      isoTime(created + 600_000),
      opts.passwordHash,
      name,
      headline(rng, skills),
      paragraph(rng, skills, randInt(rng, 1, 3)),
      pick(rng, TIME_ZONES),
      '[]',
      cap,
      i < admins ? 'admin' : 'member',
      trusted[i]!,
      isoTime(created),
      isoTime(created + 600_000),
    ]);
    skills.forEach((s, position) => add('member_skills', [id, s, position]));
    await sink.maybeFlush();
  }
  opts.onProgress?.('members', N, N);
  await sink.flush();

  const other = (not: number): number => {
    const x = Math.floor(rng() * (N - 1));
    return x >= not ? x + 1 : x;
  };
  /** A helper by the power law, not `not`; with `free`, one with a free slot (bounded retries, then a scan). */
  const drawHelper = (not: number, free: boolean): number => {
    for (let tries = 0; tries < 20; tries++) {
      const h = helperOrder[helperLaw.sample(rng)]!;
      if (h !== not && (!free || active[h]! < capacity[h]!)) return h;
    }
    for (let k = 0, h = Math.floor(rng() * N); k < N; k++, h = (h + 1) % N) {
      if (h !== not && (!free || active[h]! < capacity[h]!)) return h;
    }
    return other(not);
  };

  const ties = new Map<
    number,
    { a: number; b: number; count: number; first: string; label: string; created: number; updated: number }
  >();
  let eventN = 0;
  let ledgerN = 0;
  const postStart = now - 365 * DAY_MS;
  const postStep = (365 * DAY_MS) / P;

  const event = (
    engagementId: string,
    kind: string,
    actor: string | null,
    note: string,
    links: string,
    at: number,
  ) =>
    add('engagement_events', [
      scaleId(at, TAG.event, eventN++),
      engagementId,
      kind,
      actor,
      note,
      links,
      isoTime(at),
    ]);

  for (let i = 0; i < P; i++) {
    if (i % 10_000 === 0) opts.onProgress?.('overflow', i, P);
    const created = Math.floor(postStart + i * postStep);
    const id = scaleId(created, TAG.overflow, i);
    const status = drawStatus(rng);
    const owner = ownerOrder[ownerLaw.sample(rng)]!;
    const visibility = drawVisibility(rng);
    const askMember = visibility === 'ask' ? other(owner) : -1;
    const skills = drawSkills(rng, skillLaw);
    const effort = randInt(rng, 1, 8) * randInt(rng, 1, 5);
    const hasDue = status === 'expired' || rng() < 0.64;
    const dueMs =
      status === 'open'
        ? now + randInt(rng, 1, 60) * DAY_MS
        : status === 'expired'
          ? Math.min(created + randInt(rng, 3, 30) * DAY_MS, now - DAY_MS)
          : created + randInt(rng, 3, 45) * DAY_MS;
    const dueOn = hasDue ? isoDay(dueMs) : null;
    const dueKey = dueOn ?? '9999-12-31';
    const overflowTitle = title(rng, skills);
    const text = brief(rng, skills, {
      rare: i % Math.max(1, Math.floor(P / 10)) === 3,
      phrase: rng() < 0.02,
    });

    // Closed overflow: the steps of its engagement, in order, before now.
    const span = Math.min(now - created, 60 * DAY_MS);
    const started = created + Math.floor(span * (0.05 + 0.2 * rng()));
    const delivered = started + Math.floor(span * (0.1 + 0.3 * rng()));
    const completed = delivered + Math.floor(span * (0.02 + 0.2 * rng()));
    const closedAt =
      status === 'completed'
        ? completed
        : status === 'delivered'
          ? delivered
          : status === 'assigned'
            ? started
            : status === 'cancelled'
              ? started
              : status === 'expired'
                ? Math.max(created, Math.min(dueMs + DAY_MS, now))
                : created;

    add('overflow', [
      id,
      ids[owner],
      overflowTitle,
      text,
      effort,
      dueOn,
      dueKey,
      visibility,
      askMember >= 0 ? ids[askMember] : null,
      status,
      isoTime(created),
      isoTime(closedAt),
    ]);
    skills.forEach((s, position) =>
      add('overflow_skills', [id, s, position, status, isoTime(created), dueKey]),
    );

    if (status === 'open') {
      // Pending offers: none on 40 %, else 1–3 from different members (the asked member only, on an ask).
      const want = rng() < 0.4 ? 0 : randInt(rng, 1, 3);
      const seen = new Set<number>();
      for (let k = 0; k < want; k++) {
        const h = askMember >= 0 ? askMember : drawHelper(owner, false);
        if (seen.has(h) || pending[h]! >= 5) continue;
        seen.add(h);
        pending[h]!++;
        const at = created + Math.floor((now - created) * rng());
        add('offers', [
          scaleId(at, TAG.offer, counts.offers),
          id,
          ids[h],
          paragraph(rng, skills, 2),
          isoDay(now + randInt(rng, 5, 30) * DAY_MS),
          'pending',
          null,
          isoTime(at),
          isoTime(at),
        ]);
      }
    } else if (status === 'assigned' || status === 'delivered' || status === 'completed') {
      const live = status !== 'completed';
      const helper =
        askMember >= 0 && (!live || active[askMember]! < capacity[askMember]!)
          ? askMember
          : drawHelper(owner, live);
      if (live) active[helper]!++;
      const offerAt = created + Math.floor((started - created) * rng());
      const offerId = scaleId(offerAt, TAG.offer, counts.offers);
      add('offers', [
        offerId,
        id,
        ids[helper],
        paragraph(rng, skills, 2),
        isoDay(Math.max(delivered, created + DAY_MS)),
        'accepted',
        null,
        isoTime(offerAt),
        isoTime(started),
      ]);
      const engagementId = scaleId(started, TAG.engagement, counts.engagements);
      const deliveryNote = paragraph(rng, skills, 2);
      const links = rng() < 0.5 ? `["https://example.com/delivery/${i}"]` : '[]';
      const auto = status === 'completed' && rng() < 0.15;
      const rating = status === 'completed' && !auto ? pick(rng, RATINGS) : null;
      const endorsement =
        status !== 'completed' ? null : auto ? NEUTRAL_ENDORSEMENT : paragraph(rng, skills, 2);
      const workId = status === 'completed' ? scaleId(completed, TAG.work, counts.work_records) : null;
      add('engagements', [
        engagementId,
        id,
        offerId,
        ids[owner],
        ids[helper],
        status === 'assigned' ? 'active' : status,
        isoTime(started),
        status === 'assigned' ? null : isoTime(delivered),
        status === 'completed' ? isoTime(completed) : null,
        auto ? 1 : 0,
        null,
        null,
        null,
        rating,
        endorsement,
        status === 'completed' ? JSON.stringify(skills) : '[]',
        workId,
        isoTime(closedAt),
        effort,
      ]);
      event(engagementId, 'started', ids[owner]!, '', '[]', started);
      if (status !== 'assigned')
        event(engagementId, 'delivered', ids[helper]!, deliveryNote, links, delivered);
      if (status === 'completed') {
        event(
          engagementId,
          auto ? 'auto_completed' : 'completed',
          auto ? null : ids[owner]!,
          endorsement!,
          '[]',
          completed,
        );
        const url = links === '[]' ? null : `https://example.com/delivery/${i}`;
        add('work_records', [
          workId,
          ids[helper],
          overflowTitle,
          deliveryNote,
          url,
          'delivery',
          isoDay(completed),
          1,
          engagementId,
          endorsement,
          isoTime(completed),
          isoTime(completed),
          // A verified record of members-only or ask overflow keeps its details private (issue 8).
          visibility === 'public' ? 1 : 0,
        ]);
        skills.forEach((s, position) => add('work_record_skills', [workId, s, position]));
        add('ledger_entries', [
          scaleId(completed, TAG.ledger, ledgerN++),
          ids[helper],
          ids[owner],
          'help',
          effort,
          'engagement',
          engagementId,
          isoTime(completed),
        ]);
        // What the owner gave at completion (ADR 0008); an auto-completion was neither reviewed nor endorsed.
        for (const credit of ownerCredit(effort, { reviewed: !auto, endorsed: !auto })) {
          add('ledger_entries', [
            scaleId(completed, TAG.ledger, ledgerN++),
            ids[owner],
            ids[helper],
            credit.kind,
            credit.weight,
            'engagement',
            engagementId,
            isoTime(completed),
          ]);
        }
        const [a, b] = ids[owner]! < ids[helper]! ? [owner, helper] : [helper, owner];
        const key = a * N + b;
        const tie = ties.get(key);
        if (tie) {
          tie.count++;
          tie.updated = completed;
        } else {
          ties.set(key, {
            a,
            b,
            count: 1,
            first: engagementId,
            label: `worked together on “${overflowTitle}”`,
            created: completed,
            updated: completed,
          });
        }
        if (!auto && rng() < 0.2) {
          const at = completed + 3_600_000;
          const thanksId = scaleId(at, TAG.thanks, counts.thanks_notes);
          add('thanks_notes', [
            thanksId,
            ids[owner],
            ids[helper],
            paragraph(rng, skills, 1),
            engagementId,
            isoTime(at),
          ]);
          add('ledger_entries', [
            scaleId(at, TAG.ledger, ledgerN++),
            ids[owner],
            ids[helper],
            'thanks',
            1,
            'thanks',
            thanksId,
            isoTime(at),
          ]);
        }
        if (rng() < 0.04) {
          const from = other(helper);
          const at = completed + Math.floor((now - completed) * rng());
          const ignored = rng() < 0.4;
          add('noticed_notes', [
            scaleId(at, TAG.noticed, counts.noticed_notes),
            ids[from],
            ids[helper],
            workId,
            paragraph(rng, skills, 1),
            ignored ? 'ignored' : 'pending',
            isoTime(at),
            ignored ? isoTime(Math.min(at + DAY_MS, now)) : null,
          ]);
        }
      }
    }
    await sink.maybeFlush();
  }
  opts.onProgress?.('overflow', P, P);
  await sink.flush();

  let t = 0;
  for (const tie of ties.values()) {
    if (t % 50_000 === 0) opts.onProgress?.('ties', t, ties.size);
    add('ties', [
      scaleId(tie.created, TAG.tie, t++),
      ids[tie.a],
      ids[tie.b],
      'engagement',
      tie.label,
      tie.first,
      tie.count,
      isoTime(tie.created),
      isoTime(tie.updated),
    ]);
    await sink.maybeFlush();
  }
  opts.onProgress?.('ties', ties.size, ties.size);
  await sink.flush();
  return counts;
}

/** The same text engagements.service.ts gives an auto-completed engagement's endorsement. */
const NEUTRAL_ENDORSEMENT =
  'Delivered; the owner did not review it within the review window, so it was completed automatically.';
