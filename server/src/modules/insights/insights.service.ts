import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso, MINUTE } from '../../shared/clock.js';
import { forbidden, unauthorized } from '../../shared/errors.js';
import { claimJob, finishJob } from '../merit/merit.repository.js';
import * as repo from './insights.repository.js';
import { median, quartileGroups, spearmanWithInterval, type Correlation } from './insights.stats.js';

// ------------------------------------------------------------------------------------------ one member

/** How far back a member's insights reach: the last 24 months, or since they joined when that is later. */
export const INSIGHT_MONTHS = 24;
/** "Ties formed within 30 days of a completed engagement". */
export const FOLLOW_DAYS = 30;
/** At most this many ties (each side of the pair) and completions are read to place ties after work. */
const LIST_CAP = 2000;

export interface MonthInsight {
  /** YYYY-MM (UTC). */
  month: string;
  completed: number;
  effortHours: number;
  tiesFormed: number;
  noticedReceived: number;
  asksReceived: number;
  invitationsReceived: number;
  /** Ledger weight given and received that month (help is weighted by effort hours; a note or an ask is 1). */
  given: number;
  received: number;
}

export interface MyInsightsView {
  joinedAt: string;
  from: string;
  to: string;
  months: MonthInsight[];
  totals: Omit<MonthInsight, 'month'> & {
    tiesFromWork: number;
    tiesFromNoticed: number;
    /** Ties formed within FOLLOW_DAYS days after one of the member's engagements as helper completed. */
    tiesAfterWork: number;
  };
  followDays: number;
}

const monthOf = (d: Date) => iso(d).slice(0, 7);

/** The months from `first` to `last` (YYYY-MM), inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1000; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** A new member still sees half a year of axis (empty before they joined), so one month is not one lone bar. */
export const MIN_MONTHS = 6;

/**
 * The first month shown: the member's joining month, at most INSIGHT_MONTHS − 1 months before now's and at
 * least MIN_MONTHS − 1.
 */
function firstMonth(now: Date, joinedAt: string): string {
  const back = (months: number) =>
    monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)));
  const joined = joinedAt.slice(0, 7);
  const cap = back(INSIGHT_MONTHS - 1);
  const floor = back(MIN_MONTHS - 1);
  return joined > floor ? floor : joined > cap ? joined : cap;
}

/**
 * The signed-in member's delivered work and their network, month by month on one axis, and give/take: each
 * series one index walk from the first month shown (at most 24 months back), grouped by month in SQL.
 */
export async function getMyInsights(ctx: AppContext, actor: Actor | null): Promise<MyInsightsView> {
  if (!actor) throw unauthorized();
  const id = actor.memberId;
  const now = ctx.clock.now();
  const joinedAt = (await repo.findMemberJoined(ctx.db, id)) ?? iso(now);
  const from = firstMonth(now, joinedAt);
  const to = monthOf(now);
  const since = `${from}-01T00:00:00.000Z`;
  const [completed, noticed, asks, invitations, given, received, ties, completions] = await Promise.all([
    repo.completedAsHelperByMonth(ctx.db, id, since),
    repo.noticedReceivedByMonth(ctx.db, id, since),
    repo.asksReceivedByMonth(ctx.db, id, since),
    repo.invitationsReceivedByMonth(ctx.db, id, since),
    repo.ledgerByMonth(ctx.db, 'giver_id', id, since),
    repo.ledgerByMonth(ctx.db, 'receiver_id', id, since),
    repo.listTiesFormed(ctx.db, id, since, LIST_CAP),
    repo.listCompletionTimes(ctx.db, id, since, LIST_CAP),
  ]);

  const months = new Map<string, MonthInsight>(
    monthRange(from, to).map((month) => [
      month,
      {
        month,
        completed: 0,
        effortHours: 0,
        tiesFormed: 0,
        noticedReceived: 0,
        asksReceived: 0,
        invitationsReceived: 0,
        given: 0,
        received: 0,
      },
    ]),
  );
  const add = (rows: repo.MonthSum[], put: (m: MonthInsight, r: repo.MonthSum) => void) => {
    for (const r of rows) {
      const m = months.get(r.month);
      if (m) put(m, r);
    }
  };
  add(completed, (m, r) => {
    m.completed += r.count;
    m.effortHours += r.total;
  });
  add(noticed, (m, r) => (m.noticedReceived += r.count));
  add(asks, (m, r) => (m.asksReceived += r.count));
  add(invitations, (m, r) => (m.invitationsReceived += r.count));
  add(given, (m, r) => (m.given += r.total));
  add(received, (m, r) => (m.received += r.total));
  for (const t of ties) {
    const m = months.get(t.created_at.slice(0, 7));
    if (m) m.tiesFormed += 1;
  }

  // A tie "after work": formed at or within FOLLOW_DAYS days after one of the member's completions.
  const done = completions.map((c) => Date.parse(c)).sort((a, b) => a - b);
  const tiesAfterWork = ties.filter((t) => {
    const at = Date.parse(t.created_at);
    return done.some((c) => c <= at && at - c <= FOLLOW_DAYS * DAY);
  }).length;

  const list = [...months.values()];
  const sum = (f: (m: MonthInsight) => number) => list.reduce((s, m) => s + f(m), 0);
  return {
    joinedAt,
    from,
    to,
    months: list,
    totals: {
      completed: sum((m) => m.completed),
      effortHours: sum((m) => m.effortHours),
      tiesFormed: sum((m) => m.tiesFormed),
      noticedReceived: sum((m) => m.noticedReceived),
      asksReceived: sum((m) => m.asksReceived),
      invitationsReceived: sum((m) => m.invitationsReceived),
      given: sum((m) => m.given),
      received: sum((m) => m.received),
      tiesFromWork: ties.filter((t) => t.formed_via === 'engagement').length,
      tiesFromNoticed: ties.filter((t) => t.formed_via === 'noticed').length,
      tiesAfterWork,
    },
    followDays: FOLLOW_DAYS,
  };
}

// ------------------------------------------------------------------------------------------ the instance

/** The two periods compared: work delivered in the first, network gained in the one after. */
export const PERIOD_DAYS = 90;

export interface QuartileInsight {
  /** 1 = the members who delivered least, 4 = most. */
  quartile: number;
  members: number;
  completedMin: number;
  completedMax: number;
  completedMean: number;
  /** The mean rating of the group's rated engagements in the work period; null when none was rated. */
  ratingMean: number | null;
  tiesMean: number;
  asksMean: number;
  invitationsMean: number;
  /** Ties + direct asks + invitations, per member. */
  gainedMean: number;
}

export interface InstanceInsightsData {
  version: 1;
  period: {
    workFrom: string;
    workTo: string;
    networkFrom: string;
    networkTo: string;
    /** Length of each period in days (rounded); less than PERIOD_DAYS while the instance is young. */
    days: number;
    /** True when the instance is younger than two periods: its life so far is split in two halves. */
    young: boolean;
  };
  /** Members who had joined before the work period ended. */
  members: number;
  quartiles: QuartileInsight[];
  /** Completed engagements in the work period against ties + asks + invitations gained in the next. */
  correlation: Correlation | null;
  /** The same, against ties alone. */
  tiesCorrelation: Correlation | null;
  ties: {
    total: number;
    fromWork: number;
    fromNoticed: number;
    transactional: number;
  };
  firstOfferToFirstTie: {
    /** Members whose first tie came at or after their first offer. */
    members: number;
    medianDays: number | null;
  };
}

/** Computes the instance insights: grouped statements (a row per member at most), then the pure stats. */
export async function computeInstanceInsights(ctx: AppContext): Promise<InstanceInsightsData> {
  const db = ctx.db;
  const now = ctx.clock.now();
  const first = await repo.findFirstJoined(db);
  const full = PERIOD_DAYS * DAY;
  const age = first ? now.getTime() - Date.parse(first) : 0;
  const young = age < 2 * full;
  const span = young ? Math.max(0, Math.floor(age / 2)) : full;
  const networkTo = now;
  const networkFrom = addMs(now, -span);
  const workFrom = addMs(now, -2 * span);
  const [wf, wt, nf, nt] = [workFrom, networkFrom, networkFrom, networkTo].map(iso) as [
    string,
    string,
    string,
    string,
  ];

  const ids = await repo.listMembersJoinedBefore(db, wt);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const completed = new Float64Array(n);
  const ratingSum = new Float64Array(n);
  const rated = new Float64Array(n);
  const ties = new Float64Array(n);
  const asks = new Float64Array(n);
  const invitations = new Float64Array(n);
  const into = (rows: repo.MemberFigure[], put: (i: number, r: repo.MemberFigure) => void) => {
    for (const r of rows) {
      const i = index.get(r.memberId);
      if (i !== undefined) put(i, r);
    }
  };
  into(await repo.completedPerHelper(db, wf, wt), (i, r) => {
    completed[i]! += r.count;
    ratingSum[i]! += r.total;
    rated[i]! += r.valued;
  });
  into(await repo.tiesPerMember(db, nf, nt), (i, r) => (ties[i]! += r.count));
  into(await repo.asksPerMember(db, nf, nt), (i, r) => (asks[i]! += r.count));
  into(await repo.invitationsPerMember(db, nf, nt), (i, r) => (invitations[i]! += r.count));

  const x = Array.from(completed);
  const gained = x.map((_, i) => ties[i]! + asks[i]! + invitations[i]!);
  const groups = quartileGroups(x);
  const quartiles: QuartileInsight[] = [];
  for (let q = 0; q < 4; q++) {
    const members = groups.flatMap((g, i) => (g === q ? [i] : []));
    if (members.length === 0) continue;
    const mean = (a: ArrayLike<number>) => members.reduce((s, i) => s + a[i]!, 0) / members.length;
    const ratings = members.reduce((s, i) => s + ratingSum[i]!, 0);
    const ratedCount = members.reduce((s, i) => s + rated[i]!, 0);
    quartiles.push({
      quartile: q + 1,
      members: members.length,
      completedMin: Math.min(...members.map((i) => x[i]!)),
      completedMax: Math.max(...members.map((i) => x[i]!)),
      completedMean: mean(completed),
      ratingMean: ratedCount > 0 ? ratings / ratedCount : null,
      tiesMean: mean(ties),
      asksMean: mean(asks),
      invitationsMean: mean(invitations),
      gainedMean: mean(gained),
    });
  }

  const shares = await repo.tieShares(db);
  const count = (via: string) => shares.find((s) => s.formedVia === via)?.count ?? 0;

  const firstTie = await repo.firstTiePerMember(db);
  const waits: number[] = [];
  for (const o of await repo.firstOfferPerMember(db)) {
    const tie = firstTie.get(o.memberId);
    if (tie !== undefined && tie >= o.at) waits.push((Date.parse(tie) - Date.parse(o.at)) / DAY);
  }
  const medianWait = median(waits);

  return {
    version: 1,
    period: { workFrom: wf, workTo: wt, networkFrom: nf, networkTo: nt, days: Math.round(span / DAY), young },
    members: n,
    quartiles,
    correlation: spearmanWithInterval(x, gained),
    tiesCorrelation: spearmanWithInterval(x, Array.from(ties)),
    ties: {
      total: shares.reduce((s, r) => s + r.count, 0),
      fromWork: count('engagement'),
      fromNoticed: count('noticed'),
      transactional: shares.reduce((s, r) => s + r.transactional, 0),
    },
    firstOfferToFirstTie: {
      members: waits.length,
      medianDays: medianWait === null ? null : Math.round(medianWait * 10) / 10,
    },
  };
}

export const INSIGHTS_JOB = 'insights';
/** The snapshot is recomputed once a day (the job looks every hour). */
export const SNAPSHOT_MAX_AGE = DAY;
const CLAIM_MS = 10 * MINUTE;

/**
 * The scheduled computation: when there is no snapshot, or it is older than a day (or `force`), claims the
 * `insights` job row (once across processes), computes and writes the one snapshot row. Returns the data
 * written, or null when nothing was due or another process holds the claim.
 */
export async function runInsightsJob(
  ctx: AppContext,
  options: { force?: boolean } = {},
): Promise<InstanceInsightsData | null> {
  const now = ctx.clock.now();
  const fresh = async () => {
    const snapshot = await repo.findSnapshot(ctx.db);
    return snapshot !== undefined && now.getTime() - Date.parse(snapshot.computed_at) < SNAPSHOT_MAX_AGE;
  };
  if (!options.force && (await fresh())) return null;
  if (!(await claimJob(ctx.db, INSIGHTS_JOB, iso(now), iso(addMs(now, CLAIM_MS))))) return null;
  try {
    // Looked at again under the claim: another process may have written it between our look and our claim
    // (it released the claim when done). Seen with three processes starting at once (scale-out suite).
    if (!options.force && (await fresh())) return null;
    const started = performance.now();
    const data = await computeInstanceInsights(ctx);
    await repo.saveSnapshot(ctx.db, iso(ctx.clock.now()), JSON.stringify(data));
    ctx.log.info(
      { job: INSIGHTS_JOB, members: data.members, seconds: (performance.now() - started) / 1000 },
      'instance insights computed',
    );
    return data;
  } finally {
    await finishJob(ctx.db, INSIGHTS_JOB, iso(ctx.clock.now()));
  }
}

export interface InstanceInsightsView {
  /** When the snapshot was computed; null before the first computation. */
  computedAt: string | null;
  /** Whether the admin made the page public (signed out included). */
  public: boolean;
  insights: InstanceInsightsData | null;
}

/**
 * The last snapshot of the instance insights (one row, never computed on the request): for admins, and for
 * everyone (signed out included) when an admin made them public.
 */
export async function getInstanceInsights(
  ctx: AppContext,
  actor: Actor | null,
): Promise<InstanceInsightsView> {
  const isPublic = await repo.findInsightsPublic(ctx.db);
  if (!isPublic && actor?.role !== 'admin') {
    if (!actor) throw unauthorized('Sign in as an administrator to see the community insights.');
    throw forbidden(
      'The community insights are shown to administrators unless an administrator makes them public.',
      'ADMIN_ONLY',
    );
  }
  const snapshot = await repo.findSnapshot(ctx.db);
  if (!snapshot) return { computedAt: null, public: isPublic, insights: null };
  const data = JSON.parse(snapshot.data) as InstanceInsightsData;
  return { computedAt: snapshot.computed_at, public: isPublic, insights: data.version === 1 ? data : null };
}
