/**
 * One readable line per audit action, for the member's activity page and the admin's audit log. Pure: the
 * detail is what `recordAudit` stored with the line. An action nobody described yet reads as its name.
 */
type Detail = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const day = (v: unknown) => {
  const s = str(v);
  return s && !Number.isNaN(Date.parse(s)) ? s.slice(0, 10) : undefined;
};
const quoted = (v: unknown) => (str(v) ? `“${str(v)}”` : undefined);
const roleName = (v: unknown) =>
  ({ admin: 'administrator', member: 'member', trusted: 'trusted for merit' })[str(v) ?? ''] ?? str(v);

const DESCRIBE: Record<string, (d: Detail) => string> = {
  'security.signin_new_device': (d) =>
    `Signed in from a new device${str(d.device) ? `: ${str(d.device)}` : ''}`,
  'security.password_changed': (d) => {
    if (d.via === 'reset') return 'Password reset from the emailed link; every session was signed out';
    const s = num(d.sessionsSignedOut);
    const t = num(d.tokensRevoked);
    const after =
      s === undefined || t === undefined
        ? ''
        : `; ${plural(s, 'other session')} signed out, ${plural(t, 'access token')} revoked`;
    return `Password changed${after}`;
  },
  'security.email_change_requested': (d) =>
    `Asked to change the email address${str(d.newEmail) ? ` to ${str(d.newEmail)}` : ''}`,
  'security.email_changed': (d) =>
    str(d.from) && str(d.to)
      ? `Email address changed from ${str(d.from)} to ${str(d.to)}`
      : 'Email address changed',
  'security.session_revoked': (d) =>
    `${d.current === true ? 'Signed out this session' : 'Signed out a session'}${str(d.device) ? ` (${str(d.device)})` : ''}`,
  'security.token_created': (d) => {
    const expires = day(d.expiresAt);
    return `Created the access token${quoted(d.name) ? ` ${quoted(d.name)}` : ''}${
      'expiresAt' in d ? (expires ? `, expiring ${expires}` : ', with no expiry') : ''
    }`;
  },
  'security.token_revoked': (d) => `Revoked the access token${quoted(d.name) ? ` ${quoted(d.name)}` : ''}`,
  'security.deletion_requested': (d) =>
    `Asked to delete the account${day(d.dueAt ?? d.deletionDueAt ?? d.due_at) ? `; it will be deleted on ${day(d.dueAt ?? d.deletionDueAt ?? d.due_at)}` : ''}`,
  'security.deletion_cancelled': (d) =>
    `Cancelled the deletion of the account${str(d.by) === 'signin' ? ' by signing in' : ''}`,
  'account.deleted': () => 'The account was deleted',
  'account.export_requested': () => 'Asked for an export of the account’s data',
  'admin.role_changed': (d) => {
    const to = roleName(d.to ?? d.role ?? d.newRole);
    const from = roleName(d.from ?? d.previousRole ?? d.oldRole);
    return to ? `Role changed${from ? ` from ${from}` : ''} to ${to}` : 'Role changed';
  },
  'admin.member_suspended': (d) => {
    const reason = str(d.reason ?? d.note);
    return `Member suspended${reason ? `: ${reason}` : ''}`;
  },
  'admin.member_reinstated': () => 'Member reinstated',
  'admin.report_resolved': (d) => {
    const outcome = { hidden: 'content hidden', suspended: 'member suspended', dismissed: 'dismissed' }[
      str(d.status ?? d.outcome ?? d.action ?? d.resolution) ?? ''
    ];
    return `Report resolved${outcome ? `: ${outcome}` : ''}`;
  },
  'admin.content_hidden': (d) =>
    `Content hidden${str(d.subjectType ?? d.type) ? ` (${str(d.subjectType ?? d.type)})` : ''}`,
  'admin.trust_changed': (d) =>
    d.trusted === true
      ? 'Marked as trusted for merit'
      : d.trusted === false
        ? 'No longer trusted for merit'
        : 'Merit trust changed',
  'engagement.messages.read': () => 'An administrator read an engagement’s conversation',
  'email.outbox.read': (d) =>
    `An administrator opened an email from the outbox${str(d.kind) ? ` (${str(d.kind)})` : ''}`,
};

export function describeAudit(action: string, detail: Detail | null | undefined): string {
  const describe = DESCRIBE[action];
  if (!describe) return action;
  try {
    return describe(detail && typeof detail === 'object' ? detail : {});
  } catch {
    return action;
  }
}

/** The actions this file describes (its test checks each reads as a sentence, not a name). */
export const DESCRIBED_ACTIONS = Object.keys(DESCRIBE);
