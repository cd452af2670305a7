import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at the OWASP minimum (19 MiB, t = 2, p = 1). The parameters are stored in each hash,
 * so raising them later only needs `needsRehash` at sign-in.
 */
export const PASSWORD_HASH_PARAMS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot read)
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verified against when the email is unknown, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`not-a-password-${Math.random()}`);
  return dummyHash;
}

export function needsRehash(storedHash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!m) return true;
  return (
    Number(m[1]) < PASSWORD_HASH_PARAMS.memoryCost ||
    Number(m[2]) < PASSWORD_HASH_PARAMS.timeCost ||
    Number(m[3]) < PASSWORD_HASH_PARAMS.parallelism
  );
}
