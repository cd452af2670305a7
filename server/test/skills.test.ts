// listSkills: suggestions from profiles and work records, by prefix, most used first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectValidationError } from './helpers/assertions.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createWorkRecord, registerMember } from './helpers/factories.js';

interface SkillList {
  items: { skill: string; uses: number }[];
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const a = await registerMember(t.app, { handle: 'admin' });
  const b = await registerMember(t.app);
  const c = await registerMember(t.app);
  // type-script: 3 profiles + 1 work record = 4; typography: 1; python: 2 profiles + 1 record = 3;
  // pytorch: 1; types: 2 (records).
  await a.client.patch('me', { skills: ['Type Script', 'Python', 'Typography'] });
  await b.client.patch('me', { skills: ['type script', 'python'] });
  await c.client.patch('me', { skills: ['TYPE-SCRIPT', 'PyTorch'] });
  await createWorkRecord(a.client, { skills: ['Type Script', 'Types'] });
  await createWorkRecord(b.client, { skills: ['Python', 'Types'] });
});
afterAll(() => t.close());

async function suggest(query: Record<string, string> = {}) {
  const res = await t.client().get<SkillList>('skills', { query });
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('listSkills', () => {
  it('counts uses across profiles and work records, most used first', async () => {
    expect(await suggest()).toEqual([
      { skill: 'type-script', uses: 4 },
      { skill: 'python', uses: 3 },
      { skill: 'types', uses: 2 },
      { skill: 'pytorch', uses: 1 },
      { skill: 'typography', uses: 1 },
    ]);
  });

  it('filters by prefix', async () => {
    expect((await suggest({ q: 'ty' })).map((s) => s.skill)).toEqual(['type-script', 'types', 'typography']);
    expect((await suggest({ q: 'py' })).map((s) => s.skill)).toEqual(['python', 'pytorch']);
    expect(await suggest({ q: 'zzz' })).toEqual([]);
  });

  it('normalises the prefix like a skill', async () => {
    expect((await suggest({ q: 'Type S' })).map((s) => s.skill)).toEqual(['type-script']);
    expect((await suggest({ q: '  PY' })).map((s) => s.skill)).toEqual(['python', 'pytorch']);
  });

  it('treats LIKE wildcards in the prefix literally', async () => {
    // As wildcards, 't%s' would match type-script and types, and 'p_t' would match pytorch.
    expect(await suggest({ q: 't%s' })).toEqual([]);
    expect(await suggest({ q: 'p_t' })).toEqual([]);
  });

  it('honours the limit', async () => {
    expect((await suggest({ limit: '2' })).map((s) => s.skill)).toEqual(['type-script', 'python']);
  });

  it('is public: the same for anyone', async () => {
    const m = await registerMember(t.app);
    expect((await m.client.get<SkillList>('skills')).body.items).toEqual(await suggest());
  });

  it.each([
    ['limit 0', { limit: '0' }, 'querystring.limit'],
    ['limit 51', { limit: '51' }, 'querystring.limit'],
    ['a long prefix', { q: 'x'.repeat(41) }, 'querystring.q'],
    ['an unknown parameter', { sort: 'name' }, undefined],
  ])('rejects %s with VALIDATION_FAILED', async (_label, query, path) => {
    expectValidationError(await t.client().get('skills', { query }), path);
  });

  it('answers 401 for an invalid bearer token', async () => {
    expectError(await t.client({ bearer: 'nope' }).get('skills'), 401, 'INVALID_TOKEN');
  });
});
