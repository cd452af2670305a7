import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursors', () => {
  it('round-trip', () => {
    const c = { key: '2026-01-02', id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('undefined without a cursor', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each([
    'not-base64!!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ])('rejects a malformed cursor %j with INVALID_CURSOR', (raw) => {
    expect(() => decodeCursor(raw)).toThrowError(AppError);
    try {
      decodeCursor(raw);
    } catch (e) {
      expect((e as AppError).code).toBe('INVALID_CURSOR');
      expect((e as AppError).status).toBe(400);
    }
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3].map((n) => ({ key: `k${n}`, id: `i${n}` }));
  const cursorOf = (r: { key: string; id: string }) => r;

  it('has a next cursor pointing at the last item when there is an extra row', () => {
    const page = toPage(rows, 2, cursorOf);
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ key: 'k2', id: 'i2' });
  });

  it('has no next cursor on the last page', () => {
    expect(toPage(rows, 3, cursorOf).nextCursor).toBeNull();
    expect(toPage([], 3, cursorOf)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor with a NUL in its key or id (PostgreSQL answered 500; found by the API fuzz suite)', () => {
    const raw = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');
    expect(() => decodeCursor(raw('\u0000', 'b'))).toThrow(/cursor is not valid/);
    expect(() => decodeCursor(raw('2026-01-01', 'a\u0000'))).toThrow(/cursor is not valid/);
  });
});
