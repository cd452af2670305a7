// Unit tests of the fuzz suite's generator (pure logic, no database: runs in the sqlite project only).
// Every value drawn from a schema satisfies it; the cases built from an operation are well-formed requests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, describeCase, encodePart, operationsOf, type Fixture } from './cases.js';
import { BODY_LIMIT, mutatedBody, oddCursor, oddEncoding, spliceStrings } from './mutations.js';
import { arbitraryFromSchema, componentResolver, deref, type JsonSchema } from './schema-arbitrary.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sample = (schema: JsonSchema, n = 200, options = {}) =>
  fc.sample(arbitraryFromSchema(schema, options), { numRuns: n, seed: 42 });

describe('arbitraryFromSchema', () => {
  it('keeps strings within their lengths, patterns and formats', () => {
    for (const v of sample({ type: 'string', minLength: 3, maxLength: 7 })) {
      expect(typeof v).toBe('string');
      expect((v as string).length).toBeGreaterThanOrEqual(3);
      expect((v as string).length).toBeLessThanOrEqual(7);
    }
    const handle = { type: 'string', pattern: '^[a-zA-Z0-9_-]+$', minLength: 3, maxLength: 30 };
    for (const v of sample(handle)) expect(v).toMatch(/^[a-zA-Z0-9_-]{3,30}$/);
    for (const v of sample({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) {
      expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const v of sample({ type: 'string', format: 'uuid' })) expect(v).toMatch(UUID);
    for (const v of sample({ type: 'string', format: 'date-time' })) {
      expect(new Date(v as string).toISOString()).toBe(v);
    }
    for (const v of sample({ type: 'string', format: 'date' })) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const email = {
      type: 'string',
      format: 'email',
      maxLength: 254,
      pattern:
        "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
    };
    for (const v of sample(email)) expect(v).toMatch(new RegExp(email.pattern));
    for (const v of sample({ type: 'string', format: 'uri', maxLength: 60 })) {
      expect(() => new URL(v as string)).not.toThrow();
      expect((v as string).length).toBeLessThanOrEqual(60);
    }
  });

  it('falls back to a plain string for a pattern fast-check cannot read (a lookahead)', () => {
    const schema = { type: 'string', pattern: '^(?=.{3,253}$)([a-z0-9-]+\\.)+[a-z]{2,}$', maxLength: 20 };
    for (const v of sample(schema)) expect((v as string).length).toBeLessThanOrEqual(20);
  });

  it('keeps numbers within their bounds', () => {
    for (const v of sample({ type: 'integer', minimum: 1, maximum: 200 })) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(200);
    }
    for (const v of sample({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 5, multipleOf: 2 })) {
      expect([2, 4]).toContain(v);
    }
    for (const v of sample({ type: 'number', minimum: -1.5, maximum: 2.5 })) {
      expect(v).toBeGreaterThanOrEqual(-1.5);
      expect(v).toBeLessThanOrEqual(2.5);
    }
  });

  it('draws enums, consts, booleans, null, type lists and nullable', () => {
    expect(new Set(sample({ type: 'string', enum: ['public', 'members', 'ask'] }))).toEqual(
      new Set(['public', 'members', 'ask']),
    );
    expect(new Set(sample({ const: 'x' }))).toEqual(new Set(['x']));
    expect(new Set(sample({ type: 'boolean' }))).toEqual(new Set([true, false]));
    expect(new Set(sample({ type: 'null' }))).toEqual(new Set([null]));
    const types = new Set(sample({ type: ['integer', 'null'], minimum: 0, maximum: 3 }).map((v) => typeof v));
    expect(types).toEqual(new Set(['number', 'object']));
    expect(sample({ type: 'string', nullable: true, maxLength: 2 })).toContain(null);
  });

  it('draws one branch of anyOf / oneOf and merges allOf', () => {
    const anyOf = { anyOf: [{ type: 'integer', minimum: 1, maximum: 365 }, { type: 'null' }] };
    const values = sample(anyOf);
    expect(values).toContain(null);
    for (const v of values) if (v !== null) expect(v).toBeGreaterThanOrEqual(1);
    const oneOf = { oneOf: [{ type: 'string', enum: ['a'] }, { type: 'boolean' }] };
    for (const v of sample(oneOf)) expect(['a', true, false]).toContain(v);
    const allOf = {
      allOf: [
        { type: 'object', properties: { a: { type: 'integer', minimum: 0, maximum: 1 } }, required: ['a'] },
        { type: 'object', properties: { b: { type: 'boolean' } }, required: ['b'] },
      ],
    };
    for (const v of sample(allOf)) expect(Object.keys(v as object).sort()).toEqual(['a', 'b']);
  });

  it('keeps required fields, leaves out optional ones sometimes, and adds no unknown ones', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 3, maxLength: 120 },
        skills: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: { type: 'string', minLength: 1, maxLength: 4 },
        },
        note: { type: 'string' },
      },
      required: ['title', 'skills'],
      additionalProperties: false,
    };
    const values = sample(schema) as Record<string, unknown>[];
    for (const v of values) {
      expect(Object.keys(v).every((k) => ['title', 'skills', 'note'].includes(k))).toBe(true);
      expect(typeof v.title).toBe('string');
      const skills = v.skills as string[];
      expect(skills.length).toBeGreaterThanOrEqual(1);
      expect(skills.length).toBeLessThanOrEqual(3);
    }
    expect(values.some((v) => 'note' in v)).toBe(true);
    expect(values.some((v) => !('note' in v))).toBe(true);
  });

  it('draws maps for additionalProperties and unique arrays', () => {
    for (const v of sample({
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0, maximum: 9 },
    })) {
      for (const x of Object.values(v as object)) expect(x).toBeLessThanOrEqual(9);
    }
    for (const v of sample({
      type: 'array',
      uniqueItems: true,
      items: { type: 'integer', minimum: 0, maximum: 3 },
    })) {
      expect(new Set(v as number[]).size).toBe((v as number[]).length);
    }
  });

  it('follows $refs into the components and stops at the depth limit on a recursive one', () => {
    const doc = {
      components: {
        schemas: {
          Node: {
            type: 'object',
            properties: { next: { $ref: '#/components/schemas/Node' } },
            required: ['next'],
          },
          Name: { type: 'string', enum: ['ada'] },
        },
      },
    };
    const resolve = componentResolver(doc);
    expect(sample({ $ref: '#/components/schemas/Name' }, 10, { resolve })).toEqual(Array(10).fill('ada'));
    let depth = 0;
    let v = sample({ $ref: '#/components/schemas/Node' }, 1, { resolve, maxDepth: 4 })[0] as {
      next: unknown;
    };
    while (v && typeof v === 'object') {
      v = v.next as { next: unknown };
      depth += 1;
    }
    expect(depth).toBeLessThanOrEqual(5);
    expect(() => deref({ $ref: '#/components/schemas/Missing' }, resolve)).toThrow(/unresolved/);
  });
});

describe('mutations', () => {
  const schema = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'integer' } },
    required: ['a'],
    additionalProperties: false,
  };

  it('mutates a body in every way it says', () => {
    const notes = fc
      .sample(mutatedBody({ a: 'x', b: 1 }, schema, {}), { numRuns: 300, seed: 7 })
      .map((m) => m.note.replace(/ ".*"|\d+/g, ''));
    for (const kind of ['whole body replaced', 'extra field', 'missing a', 'nested  deep', 'odd value']) {
      expect(notes.some((n) => n.includes(kind))).toBe(true);
    }
  });

  it('splices odd characters into every string', () => {
    expect(spliceStrings({ a: 'abcd', b: ['xy', 1] }, '\u0000')).toEqual({
      a: 'ab\u0000cd',
      b: ['x\u0000y', 1],
    });
  });

  it('sends bodies past the limit, malformed JSON, and odd content types', () => {
    const encodings = fc.sample(oddEncoding({ a: 'x' }), { numRuns: 400, seed: 3 });
    const huge = encodings.filter((e) => e.note.startsWith('huge body'));
    expect(huge.length).toBeGreaterThan(0);
    for (const e of huge) {
      const size = Number(/\((\d+) bytes\)/.exec(e.note)?.[1]);
      expect(Math.abs(Buffer.byteLength(e.payload as string) - size)).toBeLessThanOrEqual(2);
      expect(() => JSON.parse(e.payload as string)).not.toThrow();
    }
    expect(huge.some((e) => Buffer.byteLength(e.payload as string) > BODY_LIMIT)).toBe(true);
    expect(encodings.some((e) => e.note === 'malformed JSON')).toBe(true);
    expect(encodings.some((e) => e.contentType === 'text/plain')).toBe(true);
    expect(encodings.some((e) => e.payload === undefined)).toBe(true);
  });

  it('draws cursors that are not the app’s', () => {
    for (const c of fc.sample(oddCursor, { numRuns: 200, seed: 5 })) expect(typeof c).toBe('string');
  });
});

describe('cases', () => {
  const document = {
    paths: {
      '/api/v1/overflow/{id}': {
        patch: {
          operationId: 'updateOverflow',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Patch' } } },
          },
        },
      },
      '/api/v1/overflow': {
        get: {
          operationId: 'listOverflow',
          parameters: [
            { in: 'query', name: 'cursor', required: false, schema: { type: 'string', maxLength: 200 } },
            {
              in: 'query',
              name: 'limit',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 50 },
            },
          ],
        },
      },
    },
    components: {
      schemas: {
        Patch: {
          type: 'object',
          properties: { title: { type: 'string', minLength: 3, maxLength: 10 } },
          additionalProperties: false,
        },
      },
    },
  };
  const fixture: Fixture = {
    ids: ['id-a', 'id-b'],
    byKind: { overflow: ['ov-1'] },
    handles: ['ada'],
    messageIds: [],
  };

  it('reads the operations of a document', () => {
    const ops = operationsOf(document);
    expect(ops.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'PATCH /api/v1/overflow/{id} updateOverflow',
      'GET /api/v1/overflow listOverflow',
    ]);
    expect(ops[0]!.body?.required).toBe(true);
    expect(ops[1]!.parameters.map((p) => p.name)).toEqual(['cursor', 'limit']);
  });

  it('builds requests to the operation’s path, mostly with real ids of its kind, and describes them', () => {
    const [patch, list] = operationsOf(document);
    const cases = fc.sample(caseArbitrary(patch!, document, fixture), { numRuns: 300, seed: 11 });
    expect(cases.every((c) => c.url.startsWith('/api/v1/overflow/'))).toBe(true);
    const ofKind = cases.filter((c) => /^\/api\/v1\/overflow\/ov-1(\?|$)/.test(c.url)).length;
    expect(ofKind).toBeGreaterThan(cases.length / 4);
    expect(new Set(cases.map((c) => c.caller))).toEqual(new Set(['anonymous', 'member', 'admin']));
    expect(cases.some((c) => c.method === 'PATCH' && c.headers['content-type'] === 'application/json')).toBe(
      true,
    );
    expect(cases.some((c) => c.notes.length === 0)).toBe(true);
    for (const c of cases) expect(describeCase(c).length).toBeLessThan(3000);
    const queries = fc.sample(caseArbitrary(list!, document, fixture), { numRuns: 300, seed: 12 });
    expect(queries.some((c) => c.notes.includes('odd cursor'))).toBe(true);
    expect(queries.some((c) => c.notes.includes('odd limit'))).toBe(true);
  });

  it('percent-encodes lone surrogates instead of throwing', () => {
    expect(encodePart('a b\uD800/')).toBe('a%20b%EF%BF%BD%2F');
  });
});
