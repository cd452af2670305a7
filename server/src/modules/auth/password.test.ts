import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PASSWORD_HASH_PARAMS, verifyPassword } from './password.js';

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` → its parts. */
function parseArgon2(hash: string) {
  const m =
    /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(hash);
  if (!m) throw new Error(`not an argon2 PHC string: ${hash}`);
  return {
    algorithm: m[1],
    version: Number(m[2]),
    memoryKiB: Number(m[3]),
    time: Number(m[4]),
    parallelism: Number(m[5]),
    salt: m[6]!,
    hash: m[7]!,
  };
}

describe('password hashing', () => {
  it('is configured for argon2id with at least the OWASP minimum (m ≥ 19 MiB, t ≥ 2)', () => {
    expect(PASSWORD_HASH_PARAMS.algorithm).toBe(2); // Algorithm.Argon2id
    expect(PASSWORD_HASH_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(PASSWORD_HASH_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
    expect(PASSWORD_HASH_PARAMS.parallelism).toBeGreaterThanOrEqual(1);
  });

  it('produces argon2id hashes with those parameters', async () => {
    const parsed = parseArgon2(await hashPassword('correct horse battery staple'));
    expect(parsed.algorithm).toBe('argon2id');
    expect(parsed.version).toBe(19);
    expect(parsed.memoryKiB).toBeGreaterThanOrEqual(19_456);
    expect(parsed.time).toBeGreaterThanOrEqual(2);
    expect(parsed.memoryKiB).toBe(PASSWORD_HASH_PARAMS.memoryCost);
    expect(parsed.time).toBe(PASSWORD_HASH_PARAMS.timeCost);
    expect(parsed.parallelism).toBe(PASSWORD_HASH_PARAMS.parallelism);
    expect(Buffer.from(parsed.salt, 'base64').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(parsed.hash, 'base64').length).toBe(PASSWORD_HASH_PARAMS.outputLen);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).not.toBe(b);
  });

  it('verifies the right password only, and never throws on garbage', async () => {
    const hash = await hashPassword('right password');
    expect(await verifyPassword(hash, 'right password')).toBe(true);
    expect(await verifyPassword(hash, 'wrong password')).toBe(false);
    expect(await verifyPassword('not a hash', 'right password')).toBe(false);
  });

  it('asks for a rehash only below the configured parameters', async () => {
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    const weak =
      '$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak.replace('m=4096,t=3', 'm=19456,t=1'))).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuu')).toBe(true); // bcrypt
  });
});
