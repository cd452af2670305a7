import type { Actor, AppContext } from '../../context.js';
import type { OverflowRow } from '../../db/schema.js';
import { iso } from '../../shared/clock.js';
import { conflict, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, toPage } from '../../shared/pagination.js';
import { requireMember } from '../auth/auth.policy.js';
import * as membersRepo from '../members/members.repository.js';
import { memberSummaryOf } from '../members/profile.repository.js';
import { notify } from '../notifications/notifications.service.js';
import { canViewOverflow, requireVerifiedMember, requireVisibleOverflow } from './overflow.policy.js';
import * as overflowRepo from './overflow.repository.js';
import type { MemberSummary } from './overflow.service.js';
import * as repo from './questions.repository.js';

/**
 * Questions on a posting, answered by its owner in the open. Who may do what:
 * - list: anyone who may see the overflow (signed out too, for public overflow). Hidden questions are left
 *   out for everyone but the owner, who sees them marked hidden.
 * - ask: a member with a confirmed email who may see the overflow, other than its owner, while it is open.
 * - answer (and edit the answer), hide and unhide: the owner, at any time. The asker hears about the first
 *   answer (not about edits, and not while the question is hidden).
 * Overflow the viewer may not see is "not found", as for the overflow itself; a question on it is too.
 */

export interface QuestionView {
  id: string;
  overflowId: string;
  body: string;
  asker: MemberSummary;
  answer: string | null;
  answeredAt: string | null;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface QuestionsPage {
  items: QuestionView[];
  nextCursor: string | null;
  viewer: { isOwner: boolean; canAsk: boolean; askBlockedReason: string | null };
}

const toView = (r: repo.QuestionListRow): QuestionView => ({
  id: r.id,
  overflowId: r.overflow_id,
  body: r.body,
  asker: memberSummaryOf({
    id: r.asker_id,
    handle: r.asker_handle,
    name: r.asker_name,
    headline: r.asker_headline,
  }),
  answer: r.answer,
  answeredAt: r.answered_at,
  hidden: r.hidden_at !== null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Why this viewer cannot ask on this overflow, in words; null when they can. */
function askBlockedReason(actor: Actor | null, o: OverflowRow): string | null {
  if (!actor) return 'Sign in to ask a question.';
  if (o.owner_id === actor.memberId) return 'This is your own overflow: you answer its questions.';
  if (o.status !== 'open') return `This overflow is ${o.status}; it is no longer taking questions.`;
  if (!actor.emailVerified) return 'Confirm your email address first to ask a question.';
  return null;
}

export async function listQuestions(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
  q: { cursor?: string | undefined; limit: number },
): Promise<QuestionsPage> {
  const o = requireVisibleOverflow(actor, await overflowRepo.findOverflowById(ctx.db, overflowId));
  const isOwner = actor?.memberId === o.owner_id;
  const rows = await repo.listQuestionsPage(ctx.db, o.id, {
    includeHidden: isOwner,
    limit: q.limit,
    cursor: decodeCursor(q.cursor),
  });
  const page = toPage(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
  const reason = askBlockedReason(actor, o);
  return {
    items: page.items.map(toView),
    nextCursor: page.nextCursor,
    viewer: { isOwner, canAsk: reason === null, askBlockedReason: reason },
  };
}

async function questionView(ctx: AppContext, id: string): Promise<QuestionView> {
  const q = (await repo.findQuestion(ctx.db, id))!;
  const asker = (await membersRepo.findMemberById(ctx.db, q.asker_id))!;
  return toView({
    ...q,
    asker_handle: asker.handle,
    asker_name: asker.name,
    asker_headline: asker.headline,
  });
}

export async function askQuestion(
  ctx: AppContext,
  actor: Actor | null,
  overflowId: string,
  input: { body: string },
): Promise<QuestionView> {
  const a = requireMember(actor);
  const now = ctx.clock.now();
  const id = newId(now);
  await ctx.db.transaction().execute(async (trx) => {
    const o = requireVisibleOverflow(a, await overflowRepo.findOverflowById(trx, overflowId));
    if (o.owner_id === a.memberId) {
      throw forbidden(
        'You cannot ask on your own overflow: answer its questions, or edit the brief.',
        'OWN_OVERFLOW',
      );
    }
    requireVerifiedMember(await membersRepo.findMemberById(trx, a.memberId));
    if (o.status !== 'open') {
      throw conflict(
        'OVERFLOW_NOT_OPEN',
        `This overflow is ${o.status}, so it no longer takes questions. Its questions and answers stay readable.`,
        { status: o.status },
      );
    }
    await repo.insertQuestion(trx, {
      id,
      overflow_id: o.id,
      asker_id: a.memberId,
      body: input.body.trim(),
      answer: null,
      answered_at: null,
      hidden_at: null,
      created_at: iso(now),
      updated_at: iso(now),
    });
    await notify(ctx, trx, now, {
      memberId: o.owner_id,
      type: 'question_asked',
      actorId: a.memberId,
      subject: { type: 'overflow', id: o.id },
      data: { title: o.title, overflowId: o.id, questionId: id },
    });
  });
  return questionView(ctx, id);
}

/**
 * The question and its overflow, for its owner: a question on overflow the actor may not see is not found
 * (its existence is not confirmed); a viewer who may see it but is not the owner is refused.
 */
async function ownersQuestion(ctx: AppContext, actor: Actor | null, id: string, db = ctx.db) {
  const a = requireMember(actor);
  const q = await repo.findQuestion(db, id);
  const o = q ? await overflowRepo.findOverflowById(db, q.overflow_id) : undefined;
  if (!q || !o || !canViewOverflow(a, o)) throw notFound('Question', 'QUESTION_NOT_FOUND');
  if (o.owner_id !== a.memberId) {
    throw forbidden(
      'Only the owner of this overflow can answer or hide its questions.',
      'NOT_OVERFLOW_OWNER',
    );
  }
  return { q, o };
}

export async function answerQuestion(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { answer: string },
): Promise<QuestionView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const { q, o } = await ownersQuestion(ctx, actor, id, trx);
    await repo.updateQuestion(trx, id, {
      answer: input.answer.trim(),
      answered_at: q.answered_at ?? iso(now),
      updated_at: iso(now),
    });
    // The first answer tells the asker; an edit does not, and a hidden question stays out of sight.
    if (q.answered_at === null && q.hidden_at === null) {
      await notify(ctx, trx, now, {
        memberId: q.asker_id,
        type: 'question_answered',
        actorId: o.owner_id,
        subject: { type: 'overflow', id: o.id },
        data: { title: o.title, overflowId: o.id, questionId: id },
      });
    }
  });
  return questionView(ctx, id);
}

export async function hideQuestion(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: { hidden: boolean },
): Promise<QuestionView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const { q } = await ownersQuestion(ctx, actor, id, trx);
    if ((q.hidden_at !== null) === input.hidden) return;
    await repo.updateQuestion(trx, id, {
      hidden_at: input.hidden ? iso(now) : null,
      updated_at: iso(now),
    });
  });
  return questionView(ctx, id);
}
