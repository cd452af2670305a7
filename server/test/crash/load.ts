/**
 * The write load of the server crash suite (server/test/server.crash.test.ts): a few HTTP clients, each a
 * member with their own session, run the drafting loop against real server processes over loopback while the
 * suite kills them. Every write a client sends is written in a journal with the exact content it sent: an
 * ACKNOWLEDGED write (a 2xx answer) must be in the database afterwards with that content; a write whose answer
 * never came (the connection refused, reset or timed out while a process died) may or may not be there; a
 * refused one (4xx) must change nothing it claimed. A connection that was refused never reached a process, so
 * that request is sent again (to the other process, when two run); any other transport error makes the write
 * unknown and the client moves on. Every loop is bounded in count and time.
 */
import { API } from '../helpers/client.js';

/** One write and what it claims about the database once acknowledged. */
export type Journal =
  | {
      /** A row created by an acknowledged write: these columns hold exactly these values. */
      kind: 'row';
      table: string;
      id: string;
      columns: Record<string, string | number | null>;
      what: string;
    }
  | {
      /** A row's status after an acknowledged transition: one of these (a later step may move it on). */
      kind: 'status';
      table: string;
      id: string;
      allowed: string[];
      what: string;
    };

/**
 * Edits of one column of one row, in the order one client sent them (only that client edits it): the stored
 * value must be the last acknowledged one or one sent after it whose answer never came.
 */
export interface EditTrail {
  table: string;
  id: string;
  column: string;
  attempts: { value: string; outcome: 'ack' | 'unknown' | 'refused' }[];
}

export interface LoadFigures {
  requests: number;
  acknowledgedWrites: number;
  unknownWrites: number;
  refusedWrites: number;
  /** Requests re-sent after a refused connection (never reached a process). */
  resent: number;
  serverErrors: { status: number; what: string; body: string }[];
  /** Writes by route name, acknowledged. */
  byKind: Record<string, number>;
}

export interface LoadMember {
  id: string;
  handle: string;
  email: string;
  password: string;
}

type Outcome<T> =
  | { outcome: 'ack'; status: number; body: T }
  | { outcome: 'refused'; status: number; body: unknown }
  | { outcome: 'unknown'; error: string };

const REQUEST_TIMEOUT_MS = 15_000;
const REFUSED_RETRIES = 400;

interface Engagement {
  owner: number;
  helper: number;
  status: 'active' | 'delivered' | 'done';
  skills: string[];
  messages: { id: string; author: number; body: string; at: number }[];
}

/** The shared picture of the loop the clients build from acknowledged answers (all in this one process). */
interface Board {
  /** Open overflow by id: its owner's client index and skills. */
  open: Map<string, { owner: number; skills: string[] }>;
  /** Pending offers per overflow id. */
  offers: Map<string, { id: string; helper: number }[]>;
  /** Engagements by id. */
  engagements: Map<string, Engagement>;
  /** Work records someone may notice (verified ones, and the member's own: `own`, which they may edit). */
  records: { id: string; member: number; own: boolean }[];
  /** Pending noticed notes per recipient client index. */
  noticed: Map<number, string[]>;
}

export class LoadRun {
  readonly journal: Journal[] = [];
  readonly trails = new Map<string, EditTrail>();
  readonly figures: LoadFigures = {
    requests: 0,
    acknowledgedWrites: 0,
    unknownWrites: 0,
    refusedWrites: 0,
    resent: 0,
    serverErrors: [],
    byKind: {},
  };
  private stopped = false;
  private readonly board: Board = {
    open: new Map(),
    offers: new Map(),
    engagements: new Map(),
    records: [],
    noticed: new Map(),
  };
  private readonly sessions: { cookie: string; csrf: string }[] = [];
  private readonly counts: { thanks: number; noticed: number; serial: number }[] = [];

  constructor(
    readonly members: LoadMember[],
    /** The base URLs of the server processes (one slot each; a slot's process is replaced after a kill). */
    readonly urls: string[],
    readonly rand: () => number,
    readonly deadline: number,
  ) {
    for (let i = 0; i < members.length; i++) this.counts.push({ thanks: 0, noticed: 0, serial: 0 });
  }

  stop(): void {
    this.stopped = true;
  }

  private pick<T>(list: T[]): T | undefined {
    return list.length ? list[Math.floor(this.rand() * list.length)] : undefined;
  }

  /** One HTTP request; a refused connection is sent again (bounded), anything else is the answer or unknown. */
  private async send<T>(
    client: number,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<Outcome<T>> {
    const session = this.sessions[client];
    const headers: Record<string, string> = { 'user-agent': 'slipstream-crash' };
    if (session) {
      headers.cookie = session.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let slot = Math.floor(this.rand() * this.urls.length);
    for (let attempt = 0; attempt < REFUSED_RETRIES && Date.now() < this.deadline + 30_000; attempt++) {
      this.figures.requests++;
      try {
        const res = await fetch(`${this.urls[slot]}${API}/${path}`, {
          method,
          headers,
          ...(body !== undefined && { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        if (res.status >= 500) {
          this.figures.serverErrors.push({
            status: res.status,
            what: `${method} ${path}`,
            body: text.slice(0, 300),
          });
        }
        if (res.status === 401 && session) {
          this.figures.serverErrors.push({
            status: 401,
            what: `${method} ${path} (session lost)`,
            body: text.slice(0, 300),
          });
        }
        if (path === 'auth/login' && res.ok) {
          const cookie = res.headers
            .getSetCookie()
            .map((line) => line.split(';')[0]!)
            .join('; ');
          this.sessions[client] = { cookie, csrf: (parsed as { csrfToken: string }).csrfToken };
        }
        return res.ok
          ? { outcome: 'ack', status: res.status, body: parsed as T }
          : { outcome: 'refused', status: res.status, body: parsed };
      } catch (error) {
        const code = ((error as { cause?: { code?: string } }).cause?.code ?? '') as string;
        if (code === 'ECONNREFUSED') {
          // Nobody listens on this slot right now (killed, the next one not yet up): nothing was sent.
          this.figures.resent++;
          slot = (slot + 1) % this.urls.length;
          if (slot === 0 || this.urls.length === 1) await sleep(25);
          continue;
        }
        return { outcome: 'unknown', error: code || String((error as Error).name) };
      }
    }
    return { outcome: 'unknown', error: 'no process answered' };
  }

  /** A write: counted, and (acknowledged) passed to `onAck` to record what it claims. */
  private async write<T>(
    client: number,
    what: string,
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    onAck: (body: T) => void,
  ): Promise<Outcome<T>> {
    const r = await this.send<T>(client, method, path, body);
    if (r.outcome === 'ack') {
      this.figures.acknowledgedWrites++;
      this.figures.byKind[what] = (this.figures.byKind[what] ?? 0) + 1;
      onAck(r.body);
    } else if (r.outcome === 'unknown') this.figures.unknownWrites++;
    else this.figures.refusedWrites++;
    return r;
  }

  private trail(table: string, id: string, column: string, value: string, outcome: Outcome<unknown>): void {
    const key = `${table}|${id}|${column}`;
    const t = this.trails.get(key) ?? { table, id, column, attempts: [] };
    t.attempts.push({ value, outcome: outcome.outcome });
    this.trails.set(key, t);
  }

  /** Text unique to this write, with some non-ASCII so the exact bytes are checked too. */
  private text(client: number, what: string): string {
    const c = this.counts[client]!;
    c.serial++;
    return `${what} #${c.serial} from ${this.members[client]!.handle} — ünïcødé ✓ ${Math.floor(this.rand() * 1e9)}`;
  }

  async signIn(client: number): Promise<void> {
    const m = this.members[client]!;
    const r = await this.send(client, 'POST', 'auth/login', { email: m.email, password: m.password });
    if (r.outcome !== 'ack') throw new Error(`sign in ${m.handle}: ${JSON.stringify(r)}`);
  }

  /** One client's loop until stopped or the deadline (bounded in steps too). */
  async runClient(client: number, maxSteps = 1_000_000): Promise<void> {
    for (let step = 0; step < maxSteps && !this.stopped && Date.now() < this.deadline; step++) {
      await this.step(client);
    }
  }

  private async step(me: number): Promise<void> {
    const b = this.board;
    const mine = [...b.engagements].filter(([, e]) => e.status !== 'done');
    const toReview = mine.filter(([, e]) => e.owner === me && e.status === 'delivered');
    const toDeliver = mine.filter(([, e]) => e.helper === me && e.status === 'active');
    const myOpen = [...b.open].filter(([id, o]) => o.owner === me && (b.offers.get(id)?.length ?? 0) > 0);
    const others = [...b.open].filter(
      ([id, o]) => o.owner !== me && !b.offers.get(id)?.some((x) => x.helper === me),
    );
    const parties = mine.filter(([, e]) => e.owner === me || e.helper === me);
    const ownOpen = [...b.open].filter(([, o]) => o.owner === me).length;
    const c = this.counts[me]!;
    // The steps this member can take now, weighted towards moving the loop on; one is picked at random.
    const steps: [number, () => Promise<void>][] = [
      [toReview.length ? 6 : 0, () => this.review(me, this.pick(toReview)!)],
      [myOpen.length ? 5 : 0, () => this.acceptOrDecline(me, this.pick(myOpen)!)],
      [toDeliver.length ? 5 : 0, () => this.deliver(me, this.pick(toDeliver)!)],
      [others.length ? 5 : 0, () => this.offer(me, this.pick(others))],
      [ownOpen < 4 ? 3 : 0, () => this.post(me)],
      [parties.length ? 3 : 0, () => this.message(me, this.pick(parties)!)],
      [(b.noticed.get(me)?.length ?? 0) > 0 ? 2 : 0, () => this.answerNoticed(me)],
      [c.noticed < 8 && b.records.some((x) => x.member !== me) ? 1 : 0, () => this.notice(me)],
      [1, () => this.profile(me)],
      [1, () => this.workRecord(me)],
    ];
    const total = steps.reduce((n, [w]) => n + w, 0);
    let r = this.rand() * total;
    for (const [w, run] of steps) {
      if (r < w) return run();
      r -= w;
    }
    return this.profile(me);
  }

  private async post(me: number): Promise<void> {
    const title = this.text(me, 'Overflow');
    const brief = `${this.text(me, 'Brief')}\n\nSecond paragraph.`;
    const skills = this.pick([['crash-safety', 'sqlite'], ['postgres'], ['typescript', 'testing', 'ops']])!;
    const effortHours = 1 + Math.floor(this.rand() * 20);
    await this.write<{ id: string }>(
      me,
      'post overflow',
      'POST',
      'overflow',
      { title, brief, skills, effortHours, visibility: this.rand() < 0.5 ? 'public' : 'members' },
      (o) => {
        this.board.open.set(o.id, { owner: me, skills });
        this.journal.push({
          kind: 'row',
          table: 'overflow',
          id: o.id,
          columns: { owner_id: this.members[me]!.id, title, brief, effort_hours: effortHours },
          what: 'post overflow',
        });
      },
    );
  }

  private async offer(me: number, target: [string, { owner: number; skills: string[] }] | undefined) {
    if (!target) return this.post(me);
    const [overflowId] = target;
    const pitch = this.text(me, 'Pitch: I can do this well and on time');
    const proposedOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const r = await this.write<{ id: string }>(
      me,
      'offer',
      'POST',
      `overflow/${overflowId}/offers`,
      { pitch, proposedOn },
      (x) => {
        const list = this.board.offers.get(overflowId) ?? [];
        list.push({ id: x.id, helper: me });
        this.board.offers.set(overflowId, list);
        this.journal.push({
          kind: 'row',
          table: 'offers',
          id: x.id,
          columns: {
            overflow_id: overflowId,
            helper_id: this.members[me]!.id,
            pitch,
            proposed_on: proposedOn,
          },
          what: 'offer',
        });
      },
    );
    if (r.outcome === 'refused' && r.status === 409) {
      const code = (r.body as { error?: { code?: string } }).error?.code;
      if (code === 'OVERFLOW_NOT_OPEN') this.board.open.delete(overflowId);
      // CAPACITY_REACHED: the helper has enough on; withdraw one pending offer now and then.
      if (code === 'CAPACITY_REACHED') await this.withdrawOne(me);
    }
  }

  private async withdrawOne(me: number): Promise<void> {
    for (const [overflowId, list] of this.board.offers) {
      const mine = list.find((x) => x.helper === me);
      if (!mine) continue;
      this.board.offers.set(
        overflowId,
        list.filter((x) => x !== mine),
      );
      await this.write(me, 'withdraw offer', 'POST', `offers/${mine.id}/withdraw`, undefined, () =>
        this.journal.push({
          kind: 'status',
          table: 'offers',
          id: mine.id,
          allowed: ['withdrawn'],
          what: 'withdraw offer',
        }),
      );
      return;
    }
  }

  private async acceptOrDecline(me: number, [overflowId, o]: [string, { owner: number; skills: string[] }]) {
    const list = this.board.offers.get(overflowId) ?? [];
    const chosen = this.pick(list)!;
    if (this.rand() < 0.15) {
      this.board.offers.set(
        overflowId,
        list.filter((x) => x !== chosen),
      );
      const note = this.text(me, 'Not this time');
      await this.write(me, 'decline offer', 'POST', `offers/${chosen.id}/decline`, { note }, () =>
        this.journal.push({
          kind: 'row',
          table: 'offers',
          id: chosen.id,
          columns: { status: 'declined', decline_note: note },
          what: 'decline offer',
        }),
      );
      return;
    }
    const r = await this.write<{ engagementId: string }>(
      me,
      'accept offer',
      'POST',
      `offers/${chosen.id}/accept`,
      undefined,
      (x) => {
        this.board.engagements.set(x.engagementId, {
          owner: me,
          helper: chosen.helper,
          status: 'active',
          skills: o.skills,
          messages: [],
        });
        this.journal.push({
          kind: 'status',
          table: 'offers',
          id: chosen.id,
          allowed: ['accepted'],
          what: 'accept offer',
        });
        this.journal.push({
          kind: 'row',
          table: 'engagements',
          id: x.engagementId,
          columns: {
            offer_id: chosen.id,
            overflow_id: overflowId,
            owner_id: this.members[me]!.id,
            helper_id: this.members[chosen.helper]!.id,
          },
          what: 'accept offer',
        });
      },
    );
    if (r.outcome === 'refused' && r.status === 409) {
      const code = (r.body as { error?: { code?: string } }).error?.code;
      this.board.offers.set(
        overflowId,
        list.filter((x) => x !== chosen),
      );
      if (code !== 'CAPACITY_REACHED') this.board.open.delete(overflowId);
      return;
    }
    // Answered or not, this overflow is no longer open on the board: an unknown accept may have happened.
    this.board.open.delete(overflowId);
    this.board.offers.delete(overflowId);
  }

  private async deliver(me: number, [id, e]: [string, Engagement]) {
    const note = this.text(me, 'Delivered');
    const link = `https://example.org/delivery/${this.counts[me]!.serial}`;
    const r = await this.write<{ events: { id: string; kind: string; note: string }[] }>(
      me,
      'deliver',
      'POST',
      `engagements/${id}/deliveries`,
      { note, links: [link] },
      (view) => {
        e.status = 'delivered';
        const event = view.events.find((ev) => ev.kind === 'delivered' && ev.note === note);
        this.journal.push({
          kind: 'row',
          table: 'engagement_events',
          id: event?.id ?? `missing-delivery-event-in-answer:${id}`,
          columns: { engagement_id: id, kind: 'delivered', note, links: JSON.stringify([link]) },
          what: 'deliver',
        });
      },
    );
    // Unknown: the delivery may have happened; the next try finds out (201, or 409 once it is delivered, when
    // the owner's review takes it from there; a review of something else answers 409 and drops it).
    if (r.outcome === 'refused' && r.status === 409) e.status = 'delivered';
    else if (r.outcome === 'refused') e.status = 'done';
  }

  private async review(me: number, [id, e]: [string, Engagement]) {
    const r0 = this.rand();
    if (r0 < 0.15) {
      const note = this.text(me, 'Once more, please');
      const r = await this.write<{ events: { id: string; kind: string; note: string }[] }>(
        me,
        'request revision',
        'POST',
        `engagements/${id}/revision-requests`,
        { note },
        (view) => {
          e.status = 'active';
          const event = view.events.find((ev) => ev.kind === 'revision_requested' && ev.note === note);
          this.journal.push({
            kind: 'row',
            table: 'engagement_events',
            id: event?.id ?? `missing-revision-event-in-answer:${id}`,
            columns: { engagement_id: id, kind: 'revision_requested', note },
            what: 'request revision',
          });
        },
      );
      if (r.outcome !== 'ack') e.status = 'done';
      return;
    }
    if (r0 < 0.2) {
      const reason = this.text(me, 'Plans changed');
      // The owner may not abandon a delivery that awaits review: the helper does it.
      const by = e.helper;
      await this.write(by, 'abandon', 'POST', `engagements/${id}/abandon`, { reason }, () =>
        this.journal.push({
          kind: 'row',
          table: 'engagements',
          id,
          columns: { status: 'abandoned', abandon_reason: reason, abandoned_by: this.members[by]!.id },
          what: 'abandon',
        }),
      );
      e.status = 'done';
      return;
    }
    const rating = 1 + Math.floor(this.rand() * 5);
    const endorsement = this.rand() < 0.9 ? this.text(me, 'Clear, careful and on time') : '';
    const skills = e.skills.slice(0, 1 + Math.floor(this.rand() * e.skills.length));
    const r = await this.write<{ workRecordId: string | null }>(
      me,
      'complete',
      'POST',
      `engagements/${id}/complete`,
      { rating, endorsement: endorsement || 'Thanks.', skills },
      (view) => {
        const written = endorsement || 'Thanks.';
        this.journal.push({
          kind: 'row',
          table: 'engagements',
          id,
          columns: { status: 'completed', rating, endorsement: written, work_record_id: view.workRecordId },
          what: 'complete',
        });
        if (view.workRecordId) {
          this.journal.push({
            kind: 'row',
            table: 'work_records',
            id: view.workRecordId,
            columns: {
              member_id: this.members[e.helper]!.id,
              verified: 1,
              engagement_id: id,
              endorsement: written,
            },
            what: 'complete (verified record)',
          });
          this.board.records.push({ id: view.workRecordId, member: e.helper, own: false });
        }
      },
    );
    // Unknown: tried again later (200, or 409 once it completed); answered: nothing left to do.
    if (r.outcome !== 'unknown') e.status = 'done';
    if (r.outcome === 'ack' && this.counts[e.helper]!.thanks < 15) {
      // The helper thanks the owner for the work, once in a while.
      this.counts[e.helper]!.thanks++;
      const message = this.text(e.helper, 'Thank you for the opportunity');
      await this.write<{ id: string }>(
        e.helper,
        'thanks',
        'POST',
        'thanks',
        { toHandle: this.members[me]!.handle, message, engagementId: id },
        (x) =>
          this.journal.push({
            kind: 'row',
            table: 'thanks_notes',
            id: x.id,
            columns: {
              from_id: this.members[e.helper]!.id,
              to_id: this.members[me]!.id,
              message,
              engagement_id: id,
            },
            what: 'thanks',
          }),
      );
    }
  }

  private async message(me: number, [id, e]: [string, Engagement]) {
    const own = e.messages.filter((m) => m.author === me && Date.now() - m.at < 5 * 60_000);
    const edit = this.pick(own);
    if (edit && this.rand() < 0.3) {
      const body = this.text(me, 'Edited message');
      const r = await this.write(
        me,
        'edit message',
        'PATCH',
        `engagements/${id}/messages/${edit.id}`,
        { body },
        () => {},
      );
      this.trail('engagement_messages', edit.id, 'body', body, r);
      return;
    }
    const body = this.text(me, 'Message');
    const r = await this.write<{ id: string }>(
      me,
      'message',
      'POST',
      `engagements/${id}/messages`,
      { body },
      (x) => {
        e.messages.push({ id: x.id, author: me, body, at: Date.now() });
        this.journal.push({
          kind: 'row',
          table: 'engagement_messages',
          id: x.id,
          columns: { engagement_id: id, author_id: this.members[me]!.id },
          what: 'message',
        });
        this.trail('engagement_messages', x.id, 'body', body, { outcome: 'ack', status: 201, body: x });
      },
    );
    if (r.outcome === 'refused' && r.status === 409) e.status = 'done';
  }

  private async notice(me: number): Promise<void> {
    const c = this.counts[me]!;
    const record = this.pick(this.board.records.filter((x) => x.member !== me));
    if (!record || c.noticed >= 8) return this.profile(me);
    c.noticed++;
    const message = this.text(me, 'I noticed how carefully this was done');
    await this.write<{ id: string }>(
      me,
      'noticed',
      'POST',
      'noticed',
      { workRecordId: record.id, message },
      (x) => {
        const list = this.board.noticed.get(record.member) ?? [];
        list.push(x.id);
        this.board.noticed.set(record.member, list);
        this.journal.push({
          kind: 'row',
          table: 'noticed_notes',
          id: x.id,
          columns: {
            from_id: this.members[me]!.id,
            to_id: this.members[record.member]!.id,
            work_record_id: record.id,
            message,
          },
          what: 'noticed',
        });
      },
    );
  }

  private async answerNoticed(me: number): Promise<void> {
    const list = this.board.noticed.get(me)!;
    const id = list.shift()!;
    const accept = this.rand() < 0.8;
    await this.write(
      me,
      accept ? 'accept noticed' : 'ignore noticed',
      'POST',
      `noticed/${id}/${accept ? 'accept' : 'ignore'}`,
      undefined,
      () =>
        this.journal.push({
          kind: 'status',
          table: 'noticed_notes',
          id,
          allowed: [accept ? 'accepted' : 'ignored'],
          what: accept ? 'accept noticed' : 'ignore noticed',
        }),
    );
  }

  private async profile(me: number): Promise<void> {
    const headline = this.text(me, 'Headline').slice(0, 100);
    const bio = `${this.text(me, 'Bio')}\n\n**Markdown** too.`;
    const r = await this.write(me, 'edit profile', 'PATCH', 'me', { headline, bio }, () => {});
    this.trail('members', this.members[me]!.id, 'headline', headline, r);
    this.trail('members', this.members[me]!.id, 'bio', bio, r);
  }

  private async workRecord(me: number): Promise<void> {
    const own = this.board.records.filter((x) => x.member === me && x.own);
    const edit = this.pick(own);
    if (edit && this.rand() < 0.5) {
      const id = edit.id;
      const title = this.text(me, 'Retitled work');
      const r = await this.write(me, 'edit work record', 'PATCH', `work-records/${id}`, { title }, () => {});
      this.trail('work_records', id, 'title', title, r);
      return;
    }
    const title = this.text(me, 'Work');
    const summary = this.text(me, 'What it changed');
    await this.write<{ id: string }>(
      me,
      'add work record',
      'POST',
      'work-records',
      { title, summary, kind: 'project', date: '2026-11-02', skills: ['crash-safety'] },
      (x) => {
        this.board.records.push({ id: x.id, member: me, own: true });
        this.journal.push({
          kind: 'row',
          table: 'work_records',
          id: x.id,
          columns: {
            member_id: this.members[me]!.id,
            summary,
            verified: 0,
            kind: 'project',
            occurred_on: '2026-11-02',
          },
          what: 'add work record',
        });
        this.trail('work_records', x.id, 'title', title, { outcome: 'ack', status: 201, body: x });
      },
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
