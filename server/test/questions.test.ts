// Issue 8 — questions on a posting: listQuestions, askQuestion, answerQuestion, hideQuestion; who may do what
// on public, members-only and ask overflow, hidden questions, the notifications both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { registerMember } from './helpers/factories.js';
import {
  completedEngagement,
  notificationsOfType,
  postOverflow,
  verifiedMember,
  type LoopMember,
} from './helpers/loop.js';
import type { QuestionsPage, QuestionView } from '../src/modules/overflow/questions.service.js';

let t: TestApp;
let owner: LoopMember;
let asker: LoopMember;
let asked: LoopMember;
let other: LoopMember;

beforeAll(async () => {
  t = await createTestApp();
  await registerMember(t.app, { handle: 'admin' });
  owner = await verifiedMember(t);
  asker = await verifiedMember(t);
  asked = await verifiedMember(t);
  other = await verifiedMember(t);
  // A direct ask needs a tie: owner and `asked` worked together once.
  await completedEngagement(t, owner.client, asked.client);
});
afterAll(() => t.close());

const ask = (m: LoopMember, overflowId: string, body = 'Is the staging database available?') =>
  m.client.post<QuestionView>(`overflow/${overflowId}/questions`, { body });

const list = async (client: LoopMember['client'], overflowId: string, query: Record<string, string> = {}) => {
  const res = await client.get<QuestionsPage>(`overflow/${overflowId}/questions`, { query });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

describe('asking and answering', () => {
  it('a member asks, the owner hears, answers; the asker hears; everyone who may see it reads both', async () => {
    const o = await postOverflow(owner.client, { title: 'Questions target' });
    const res = await ask(asker, o.id, '  Can I use **Kysely** for this?  ');
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      overflowId: o.id,
      body: 'Can I use **Kysely** for this?',
      asker: { id: asker.id, handle: asker.handle },
      answer: null,
      answeredAt: null,
      hidden: false,
    });
    const asked1 = await notificationsOfType(owner.client, 'question_asked');
    expect(asked1[0]).toMatchObject({ path: `/overflow/${o.id}`, actor: { handle: asker.handle } });
    expect(asked1[0]!.text).toContain('Questions target');

    const answer = await owner.client.put<QuestionView>(`questions/${res.body.id}/answer`, {
      answer: 'Yes, Kysely is what we use.',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.answer).toBe('Yes, Kysely is what we use.');
    expect(answer.body.answeredAt).not.toBeNull();
    const answered = await notificationsOfType(asker.client, 'question_answered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ path: `/overflow/${o.id}`, actor: { handle: owner.handle } });
    expect(answered[0]!.text).toContain('answered your question');

    // Editing the answer does not notify again.
    const edited = await owner.client.put<QuestionView>(`questions/${res.body.id}/answer`, {
      answer: 'Yes: Kysely, on both databases.',
    });
    expect(edited.body.answer).toBe('Yes: Kysely, on both databases.');
    expect(edited.body.answeredAt).toBe(answer.body.answeredAt);
    expect(await notificationsOfType(asker.client, 'question_answered')).toHaveLength(1);

    for (const client of [t.client(), other.client, asker.client, owner.client]) {
      const page = await list(client, o.id);
      expect(page.items.map((q) => q.answer)).toEqual(['Yes: Kysely, on both databases.']);
    }
    const anon = await list(t.client(), o.id);
    expect(anon.viewer).toEqual({
      isOwner: false,
      canAsk: false,
      askBlockedReason: 'Sign in to ask a question.',
    });
    expect((await list(other.client, o.id)).viewer).toMatchObject({ canAsk: true, askBlockedReason: null });
    expect((await list(owner.client, o.id)).viewer).toMatchObject({ isOwner: true, canAsk: false });
  });

  it('refuses the owner, signed-out visitors, unconfirmed members, closed overflow and bad bodies', async () => {
    const o = await postOverflow(owner.client);
    expectError(await ask(owner, o.id), 403, 'OWN_OVERFLOW');
    expectError(
      await t.client().post(`overflow/${o.id}/questions`, { body: 'Hello there?' }),
      401,
      'UNAUTHENTICATED',
    );
    const unverified = await registerMember(t.app);
    expectError(
      await unverified.client.post(`overflow/${o.id}/questions`, { body: 'Hello there?' }),
      403,
      'EMAIL_NOT_VERIFIED',
    );
    expectValidationError(await asker.client.post(`overflow/${o.id}/questions`, { body: 'Hi' }), 'body.body');
    expectValidationError(
      await asker.client.post(`overflow/${o.id}/questions`, { body: 'x'.repeat(1001) }),
      'body.body',
    );
    expectValidationError(
      await asker.client.post(`overflow/${o.id}/questions`, { body: 'A question?', x: 1 }),
    );
    const q = (await ask(asker, o.id)).body;
    expectValidationError(
      await owner.client.put(`questions/${q.id}/answer`, { answer: '   ' }),
      'body.answer',
    );
    expect((await owner.client.post(`overflow/${o.id}/cancel`, {})).status).toBe(200);
    const closed = await ask(asker, o.id);
    expectError(closed, 409, 'OVERFLOW_NOT_OPEN');
    // Its questions stay readable, and the owner may still answer.
    expect((await list(t.client(), o.id)).items).toHaveLength(1);
    expect((await owner.client.put(`questions/${q.id}/answer`, { answer: 'Late, but yes.' })).status).toBe(
      200,
    );
    expect((await list(asker.client, o.id)).viewer.askBlockedReason).toContain('cancelled');
  });

  it('only the owner answers and hides (others 403; a question on overflow you may not see is 404)', async () => {
    const o = await postOverflow(owner.client, { visibility: 'members' });
    const q = (await ask(asker, o.id)).body;
    for (const m of [asker, other]) {
      expectError(
        await m.client.put(`questions/${q.id}/answer`, { answer: 'Me!' }),
        403,
        'NOT_OVERFLOW_OWNER',
      );
      expectError(
        await m.client.put(`questions/${q.id}/hidden`, { hidden: true }),
        403,
        'NOT_OVERFLOW_OWNER',
      );
    }
    expectError(await t.client().put(`questions/${q.id}/answer`, { answer: 'Me!' }), 401, 'UNAUTHENTICATED');
    const unverified = await registerMember(t.app);
    expectError(
      await unverified.client.put(`questions/${q.id}/answer`, { answer: 'Me!' }),
      404,
      'QUESTION_NOT_FOUND',
    );
    expectError(
      await owner.client.put(`questions/nope/answer`, { answer: 'Me!' }),
      404,
      'QUESTION_NOT_FOUND',
    );
  });
});

describe('who may list and ask', () => {
  it('members-only and ask overflow: who cannot see the overflow gets the same 404 as for the overflow', async () => {
    const members = await postOverflow(owner.client, { visibility: 'members' });
    const direct = await postOverflow(owner.client, { visibility: 'ask', askHandle: asked.handle });
    const unverified = await registerMember(t.app);
    const cases: [string, LoopMember['client'], string, number][] = [
      ['signed out, members-only', t.client(), members.id, 401],
      ['unconfirmed, members-only', unverified.client, members.id, 404],
      ['signed out, ask', t.client(), direct.id, 401],
      ['another member, ask', other.client, direct.id, 404],
    ];
    for (const [who, client, id, askStatus] of cases) {
      const overflow = await client.get(`overflow/${id}`);
      const questions = await client.get(`overflow/${id}/questions`);
      expect(questions.status, who).toBe(overflow.status);
      expect(questions.body, who).toEqual(overflow.body);
      expectError(questions, 404, 'OVERFLOW_NOT_FOUND');
      const asking = await client.post(`overflow/${id}/questions`, { body: 'May I ask this?' });
      expect(asking.status, who).toBe(askStatus);
    }
    expectError(await t.client().get(`overflow/nope/questions`), 404, 'OVERFLOW_NOT_FOUND');
    // The member asked may ask on a direct ask; a confirmed member on members-only overflow.
    expect((await ask(asked, direct.id)).status).toBe(201);
    expect((await ask(other, members.id)).status).toBe(201);
    expect((await list(asked.client, direct.id)).items).toHaveLength(1);
    expect((await list(owner.client, direct.id)).items).toHaveLength(1);
  });
});

describe('hidden questions', () => {
  it('disappear for everyone but the owner, who sees them marked hidden and may show them again', async () => {
    const o = await postOverflow(owner.client);
    const kept = (await ask(other, o.id, 'A fair question?')).body;
    t.clock.advance(1000);
    const spam = (await ask(asker, o.id, 'Buy cheap things here')).body;
    const hidden = await owner.client.put<QuestionView>(`questions/${spam.id}/hidden`, { hidden: true });
    expect(hidden.status, hidden.text).toBe(200);
    expect(hidden.body.hidden).toBe(true);
    for (const client of [t.client(), asker.client, other.client]) {
      expect((await list(client, o.id)).items.map((q) => q.id)).toEqual([kept.id]);
    }
    const ownerView = await list(owner.client, o.id);
    expect(ownerView.items.map((q) => [q.id, q.hidden])).toEqual([
      [spam.id, true],
      [kept.id, false],
    ]);
    // Answering a hidden question does not tell its asker.
    const before = (await notificationsOfType(asker.client, 'question_answered')).length;
    await owner.client.put(`questions/${spam.id}/answer`, { answer: 'No.' });
    expect(await notificationsOfType(asker.client, 'question_answered')).toHaveLength(before);
    const shown = await owner.client.put<QuestionView>(`questions/${spam.id}/hidden`, { hidden: false });
    expect(shown.body.hidden).toBe(false);
    expect((await list(asker.client, o.id)).items.map((q) => q.id)).toEqual([spam.id, kept.id]);
    expectValidationError(
      await owner.client.put(`questions/${spam.id}/hidden`, { hidden: 'yes' }),
      'body.hidden',
    );
  });
});

describe('pagination', () => {
  it('is newest first, bounded and cursor-paginated; a bad cursor is a 400', async () => {
    const o = await postOverflow(owner.client);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await ask(asker, o.id, `Question number ${i}?`)).body.id);
      t.clock.advance(1000);
    }
    const first = await list(t.client(), o.id, { limit: '2' });
    expect(first.items.map((q) => q.id)).toEqual([ids[4], ids[3]]);
    const second = await list(t.client(), o.id, { limit: '2', cursor: first.nextCursor! });
    expect(second.items.map((q) => q.id)).toEqual([ids[2], ids[1]]);
    const third = await list(t.client(), o.id, { limit: '2', cursor: second.nextCursor! });
    expect(third.items.map((q) => q.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
    expectValidationError(
      await t.client().get(`overflow/${o.id}/questions`, { query: { limit: '51' } }),
      'querystring.limit',
    );
    expectError(
      await t.client().get(`overflow/${o.id}/questions`, { query: { cursor: 'garbage' } }),
      400,
      'INVALID_CURSOR',
    );
  });
});
