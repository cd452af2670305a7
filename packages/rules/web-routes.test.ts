import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchWebRoute, WEB_ROUTES } from './index.js';

/**
 * The full paths of web/src/router.tsx's route objects, read from its source: `path: '…'` and `index: true`
 * entries, nested under the `path` of the object whose `children: [` holds them. `*` (the not-found page) is
 * left out: it is what the server answers 404 for.
 */
function routerPaths(): string[] {
  const source = readFileSync(new URL('../../web/src/router.tsx', import.meta.url), 'utf8');
  const start = source.indexOf('createBrowserRouter([');
  expect(start, 'router.tsx calls createBrowserRouter([…])').toBeGreaterThan(0);
  const body = source.slice(start + 'createBrowserRouter('.length);
  const token = /path:\s*'([^']*)'|index:\s*true|children:\s*\[|\[|\]/g;
  const join = (prefix: string, path: string) => `${prefix}/${path}`.replace(/\/+/g, '/');
  const stack: { prefix: string; depth: number }[] = [];
  const paths: string[] = [];
  let depth = 0;
  let lastPath = '';
  const prefix = () => stack.at(-1)?.prefix ?? '';
  for (const m of body.matchAll(token)) {
    const text = m[0];
    if (m[1] !== undefined) {
      lastPath = m[1];
      if (lastPath !== '*') paths.push(join(prefix(), lastPath));
    } else if (text.startsWith('index')) {
      paths.push(prefix() || '/');
    } else if (text.startsWith('children')) {
      depth += 1;
      stack.push({ prefix: join(prefix(), lastPath), depth });
      lastPath = '';
    } else if (text === '[') {
      depth += 1;
    } else {
      if (stack.at(-1)?.depth === depth) stack.pop();
      depth -= 1;
      if (depth === 0) break;
    }
  }
  return paths.map((p) => (p.length > 1 ? p.replace(/\/$/, '') : p));
}

describe('WEB_ROUTES', () => {
  it('are the paths of web/src/router.tsx, no more and no fewer', () => {
    const fromRouter = routerPaths();
    expect(fromRouter).toContain('/board');
    expect(fromRouter).toContain('/settings/profile');
    expect([...new Set(fromRouter)].sort()).toEqual([...WEB_ROUTES].sort());
  });

  it('match the app’s pages, case-insensitively and with a trailing slash', () => {
    expect(matchWebRoute('/')?.route).toBe('/');
    expect(matchWebRoute('/board')?.route).toBe('/board');
    expect(matchWebRoute('/Board/')?.route).toBe('/board');
    expect(matchWebRoute('/overflow/new')?.route).toBe('/overflow/new');
    expect(matchWebRoute('/overflow/abc')).toEqual({
      route: '/overflow/:overflowId',
      params: { overflowId: 'abc' },
    });
    expect(matchWebRoute('/overflow/abc/edit')?.route).toBe('/overflow/:overflowId/edit');
    expect(matchWebRoute('/@ada')).toEqual({ route: '/:profileHandle', params: { profileHandle: '@ada' } });
  });

  it('leave everything else to the not-found page', () => {
    for (const path of ['/nope', '/@', '/ada', '/board/extra', '/settings/nothing', '/overflow', '/@ada/x'])
      expect(matchWebRoute(path), path).toBeNull();
  });
});
