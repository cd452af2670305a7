import type { Actor, AppContext } from '../../context.js';
import { addMs, DAY, iso } from '../../shared/clock.js';
import { unauthorized } from '../../shared/errors.js';
import { overflowGrants } from '../../shared/visibility.js';
import { requireMember } from '../auth/auth.policy.js';
import * as membersRepo from '../members/members.repository.js';
import * as overflowRepo from '../overflow/overflow.repository.js';
import * as network from './network.repository.js';

/** The network picture draws at most this many ties (the newest by formation). */
export const NETWORK_TIES = 500;
/** Keep in touch shows at most this many quiet ties. */
export const KEEP_IN_TOUCH = 10;
/** How many of a member's newest work records are read to find one a noticed note may be about. */
const WORK_PER_MEMBER = 3;

export interface NetworkTie {
  id: string;
  member: { id: string; handle: string; name: string; headline: string };
  formedAt: string;
  formedVia: 'engagement' | 'noticed';
  formedLabel: string;
  completedTogether: number;
  lastActivity: string;
}

export interface NetworkView {
  member: { id: string; handle: string; name: string };
  firstTieAt: string | null;
  ties: NetworkTie[];
  truncated: boolean;
}

function networkTie(r: network.TieWithOther): NetworkTie {
  return {
    id: r.tie.id,
    member: { id: r.otherId, handle: r.otherHandle, name: r.otherName, headline: r.otherHeadline },
    formedAt: r.tie.created_at,
    formedVia: r.tie.formed_via,
    formedLabel: r.tie.formed_label,
    completedTogether: Number(r.tie.completed_together),
    lastActivity: r.tie.updated_at,
  };
}

/**
 * Your ties as a picture: the newest NETWORK_TIES by formation (two LIMITed walks of ties_*_created), listed
 * oldest first so the picture can grow along the time slider, with the date of your first tie.
 */
export async function getMyNetwork(ctx: AppContext, actor: Actor | null): Promise<NetworkView> {
  const a = requireMember(actor);
  const [me, rows, first] = await Promise.all([
    membersRepo.findMemberById(ctx.db, a.memberId),
    network.newestFormedTies(ctx.db, a.memberId, NETWORK_TIES + 1),
    network.firstTieAt(ctx.db, a.memberId),
  ]);
  if (!me) throw unauthorized();
  return {
    member: { id: me.id, handle: me.handle, name: me.name },
    firstTieAt: first,
    ties: rows.slice(0, NETWORK_TIES).reverse().map(networkTie),
    truncated: rows.length > NETWORK_TIES,
  };
}

export type KeepInTouchSuggestion =
  | {
      kind: 'overflow';
      overflow: { id: string; title: string; effortHours: number; dueOn: string | null };
    }
  | { kind: 'noticed'; workRecord: { id: string; title: string } }
  | { kind: 'thanks' };

export interface KeepInTouchView {
  quietAfterDays: number;
  items: { tie: NetworkTie; quietDays: number; suggestion: KeepInTouchSuggestion }[];
}

/**
 * Ties with no activity (a completed engagement, an accepted noticed note, a thanks, a direct ask: whatever
 * moves the tie's updated_at) for your `quiet_after_days`, the longest quiet first, at most KEEP_IN_TOUCH.
 * Each carries a concrete way to give: their newest open overflow you may see (the visibility grants, as on
 * the board), else a noticed note about their newest work whose details are public (unless you already
 * wrote one about it), else a thanks note. Never "just checking in".
 */
export async function listKeepInTouch(ctx: AppContext, actor: Actor | null): Promise<KeepInTouchView> {
  const a = requireMember(actor);
  const me = await membersRepo.findMemberById(ctx.db, a.memberId);
  if (!me) throw unauthorized();
  const now = ctx.clock.now();
  const quietAfterDays = me.quiet_after_days;
  const cutoff = iso(addMs(now, -quietAfterDays * DAY));
  const quiet = await network.quietTies(ctx.db, a.memberId, cutoff, KEEP_IN_TOUCH);
  if (quiet.length === 0) return { quietAfterDays, items: [] };

  const others = quiet.map((q) => q.otherId);
  const open = await overflowRepo.listNewestOpenByOwners(ctx.db, { grants: overflowGrants(a) }, others, 1);
  const openBy = new Map<string, (typeof open)[number]>();
  for (const o of open) if (!openBy.has(o.owner_id)) openBy.set(o.owner_id, o);

  const needWork = others.filter((id) => !openBy.has(id));
  const work = await network.newestWorkOf(ctx.db, needWork, WORK_PER_MEMBER);
  const workBy = new Map<string, (typeof work)[number]>();
  for (const w of work) {
    if (w.details_public === 1 && !workBy.has(w.member_id)) workBy.set(w.member_id, w);
  }
  // Already noticed (a note waiting would be refused; an accepted one was said): offer a thanks instead.
  const noted = await network.notedWork(
    ctx.db,
    a.memberId,
    [...workBy.values()].map((w) => w.id),
  );
  for (const [memberId, w] of [...workBy]) if (noted.has(w.id)) workBy.delete(memberId);

  return {
    quietAfterDays,
    items: quiet.map((q) => {
      const o = openBy.get(q.otherId);
      const w = workBy.get(q.otherId);
      const suggestion: KeepInTouchSuggestion = o
        ? {
            kind: 'overflow',
            overflow: { id: o.id, title: o.title, effortHours: o.effort_hours, dueOn: o.due_on },
          }
        : w
          ? { kind: 'noticed', workRecord: { id: w.id, title: w.title } }
          : { kind: 'thanks' };
      return {
        tie: networkTie(q),
        quietDays: Math.floor((now.getTime() - Date.parse(q.tie.updated_at)) / DAY),
        suggestion,
      };
    }),
  };
}
