import { describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from './ids.js';

describe('ids', () => {
  it('are unique, URL-safe and sort by creation time', () => {
    const earlier = newId(new Date('2026-01-01T00:00:00Z'));
    const later = newId(new Date('2026-01-01T00:00:00.001Z'));
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[0-9a-z]{26}$/);
    const many = new Set(Array.from({ length: 1000 }, () => newId()));
    expect(many.size).toBe(1000);
  });

  it('secrets are 256-bit base64url and hashed deterministically', () => {
    const s = newSecret();
    expect(Buffer.from(s, 'base64url')).toHaveLength(32);
    expect(hashSecret(s)).toBe(hashSecret(s));
    expect(hashSecret(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(s)).not.toContain(s);
  });
});
