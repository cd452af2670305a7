import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Auth builds on members (it creates members, reads them at sign-in); members never import auth, so the two
// domains do not depend on each other both ways.
describe('members and auth', () => {
  it('members imports nothing from the auth domain', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '\.\.\/auth\//.test(readFileSync(`${dir}/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
