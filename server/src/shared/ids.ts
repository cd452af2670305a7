import { randomBytes, createHash } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Opaque, roughly time-ordered ids (48-bit millisecond time + 80 random bits), so ids created later
 * sort later and index inserts stay append-mostly. Clients must treat them as opaque strings.
 */
export function newId(now: Date = new Date()): string {
  const time = Buffer.alloc(6);
  time.writeUIntBE(now.getTime(), 0, 6);
  return base32(Buffer.concat([time, randomBytes(10)]));
}

/** The time a `newId` was made (its first 48 bits), or null for an id that is not one. */
export function idTime(id: string): Date | null {
  if (!/^[0-9a-hjkmnp-tv-z]{26}$/.test(id)) return null;
  let value = 0;
  // 10 characters carry 50 bits: the 48 time bits and 2 of the random ones, dropped by the division.
  for (const ch of id.slice(0, 10)) value = value * 32 + ALPHABET.indexOf(ch);
  return new Date(Math.floor(value / 4));
}

/** A secret for a cookie, a link or an access token: 256 bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: a database leak does not leak usable sessions or tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
