import { createHmac, timingSafeEqual } from 'node:crypto';
import { isEmailKind, type EmailKind } from './kinds.js';

/**
 * Unsubscribe tokens: `<payload>.<mac>`, both base64url, payload = `memberId:kind`, mac = HMAC-SHA256 under the
 * instance's key. Signed, not stored, and never expiring: a link in a years-old email must still work (RFC 8058
 * one-click has no session to fall back on). Pure: the key is passed in.
 */
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`unsubscribe\n${payload}`).digest();
}

export function signUnsubscribe(key: string, memberId: string, kind: EmailKind): string {
  const payload = `${memberId}:${kind}`;
  return `${b64(payload)}.${b64(mac(key, payload))}`;
}

export function verifyUnsubscribe(key: string, token: string): { memberId: string; kind: EmailKind } | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [p, m] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(p) || !/^[A-Za-z0-9_-]+$/.test(m)) return null;
  const payload = Buffer.from(p, 'base64url').toString('utf8');
  const given = Buffer.from(m, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const i = payload.lastIndexOf(':');
  if (i <= 0) return null;
  const memberId = payload.slice(0, i);
  const kind = payload.slice(i + 1);
  return isEmailKind(kind) ? { memberId, kind } : null;
}
