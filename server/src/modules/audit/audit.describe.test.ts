import { describe, expect, it } from 'vitest';
import { describeAudit, DESCRIBED_ACTIONS } from './audit.describe.js';

describe('describeAudit', () => {
  it('reads every action named in issue 10 as a sentence, not its name', () => {
    for (const action of [
      'security.signin_new_device',
      'security.password_changed',
      'security.email_change_requested',
      'security.email_changed',
      'security.session_revoked',
      'security.token_created',
      'security.token_revoked',
      'security.deletion_requested',
      'security.deletion_cancelled',
      'account.deleted',
      'account.export_requested',
      'admin.role_changed',
      'admin.member_suspended',
      'admin.member_reinstated',
      'admin.report_resolved',
      'admin.content_hidden',
      'admin.trust_changed',
      'engagement.messages.read',
      'email.outbox.read',
    ]) {
      expect(DESCRIBED_ACTIONS).toContain(action);
      const text = describeAudit(action, {});
      expect(text, action).not.toBe(action);
      expect(text, action).toMatch(/^[A-Z]/);
    }
  });

  it('uses the detail when it is there', () => {
    expect(describeAudit('security.signin_new_device', { device: 'Firefox on Linux' })).toBe(
      'Signed in from a new device: Firefox on Linux',
    );
    expect(describeAudit('security.password_changed', { sessionsSignedOut: 2, tokensRevoked: 0 })).toBe(
      'Password changed; 2 other sessions signed out, 0 access tokens revoked',
    );
    expect(describeAudit('security.password_changed', { via: 'reset' })).toBe(
      'Password reset from the emailed link; every session was signed out',
    );
    expect(describeAudit('security.token_created', { name: 'CI', expiresAt: null })).toBe(
      'Created the access token “CI”, with no expiry',
    );
    expect(
      describeAudit('security.token_created', { name: 'CI', expiresAt: '2026-03-01T10:00:00.000Z' }),
    ).toBe('Created the access token “CI”, expiring 2026-03-01');
    expect(describeAudit('admin.role_changed', { from: 'member', to: 'admin' })).toBe(
      'Role changed from member to administrator',
    );
    expect(describeAudit('security.deletion_requested', { dueAt: '2026-03-08T00:00:00.000Z' })).toBe(
      'Asked to delete the account; it will be deleted on 2026-03-08',
    );
  });

  it('falls back to the action name for an unknown action, and survives odd details', () => {
    expect(describeAudit('something.new', { a: 1 })).toBe('something.new');
    expect(describeAudit('security.email_changed', null)).toBe('Email address changed');
    expect(describeAudit('security.password_changed', { sessionsSignedOut: 'x' })).toBe('Password changed');
  });
});
