import { describe, expect, it } from 'vitest';
import { emailKindOf, defaultMode, modesOf } from './kinds.js';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe.js';

describe('unsubscribe tokens', () => {
  const key = 'k'.repeat(43);

  it('round-trips member and kind, and is URL-safe', () => {
    const t = signUnsubscribe(key, '01HZMEMBER', 'offer_received');
    expect(t).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribe(key, t)).toEqual({ memberId: '01HZMEMBER', kind: 'offer_received' });
    expect(verifyUnsubscribe(key, signUnsubscribe(key, 'm', 'digest'))).toEqual({
      memberId: 'm',
      kind: 'digest',
    });
  });

  it('refuses a token signed with another key, tampered, or malformed', () => {
    const t = signUnsubscribe(key, 'member-a', 'offer_received');
    expect(verifyUnsubscribe('other', t)).toBeNull();
    // Someone else's member id with the old MAC.
    const [, mac] = t.split('.');
    const forged = `${Buffer.from('member-b:offer_received').toString('base64url')}.${mac}`;
    expect(verifyUnsubscribe(key, forged)).toBeNull();
    // Another kind with the old MAC.
    const otherKind = `${Buffer.from('member-a:digest').toString('base64url')}.${mac}`;
    expect(verifyUnsubscribe(key, otherKind)).toBeNull();
    for (const bad of ['', '.', 'abc', `${t}.x`, t.slice(0, -2), t.replace('.', '.!'), 'x'.repeat(600)]) {
      expect(verifyUnsubscribe(key, bad)).toBeNull();
    }
  });

  it('refuses a validly signed payload whose kind is unknown', () => {
    // Only signUnsubscribe makes tokens, but verification must not trust the payload's shape either.
    const t = signUnsubscribe(key, 'm', 'nonsense' as never);
    expect(verifyUnsubscribe(key, t)).toBeNull();
  });
});

describe('email kinds', () => {
  it('maps notification types to kinds; auto-completion shares completion, others are never emailed', () => {
    expect(emailKindOf('offer_received')).toBe('offer_received');
    expect(emailKindOf('engagement_auto_completed')).toBe('engagement_completed');
    expect(emailKindOf('engagement_message')).toBeNull();
    expect(emailKindOf('digest')).toBeNull();
    expect(emailKindOf('toString')).toBeNull();
  });

  it('urgent kinds default to now, low-urgency ones to the digest; the digest is on or off', () => {
    expect(defaultMode('offer_received')).toBe('now');
    expect(defaultMode('noticed_received')).toBe('digest');
    expect(defaultMode('digest')).toBe('now');
    expect(modesOf('digest')).toEqual(['now', 'off']);
  });
});
