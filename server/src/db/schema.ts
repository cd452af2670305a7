import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Times are ISO 8601 UTC strings and booleans are 0/1 integers in both dialects, so the
 * same rows come back from SQLite and PostgreSQL (see docs/decisions/0003-one-sql-code-path.md).
 */
export interface MemberTable {
  id: string;
  handle: string;
  email: string;
  email_verified_at: string | null;
  password_hash: string;
  name: string;
  headline: string;
  bio: string;
  time_zone: string;
  links: string; // JSON array of { label, url }
  capacity: number;
  role: 'member' | 'admin';
  created_at: string;
  updated_at: string;
}

export interface MemberSkillTable {
  member_id: string;
  skill: string;
  position: number;
}

export interface WorkRecordTable {
  id: string;
  member_id: string;
  title: string;
  summary: string;
  url: string | null;
  kind: 'project' | 'talk' | 'writing' | 'delivery' | 'other';
  occurred_on: string; // YYYY-MM-DD
  verified: number;
  engagement_id: string | null;
  endorsement: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkRecordSkillTable {
  work_record_id: string;
  skill: string;
  position: number;
}

export interface SessionTable {
  id: string; // SHA-256 of the cookie secret
  member_id: string;
  csrf_token: string;
  user_agent: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface AccessTokenTable {
  id: string;
  member_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EmailTokenTable {
  token_hash: string;
  member_id: string;
  purpose: 'verify' | 'reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthFailureTable {
  id: string;
  account_key: string;
  ip: string;
  created_at: string;
}

export interface InstanceSettingsTable {
  id: number;
  name: string;
  signup_mode: 'open' | 'invite' | 'domains';
  allowed_domains: string; // JSON array of domains
  updated_at: string;
}

export interface InviteTable {
  code_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: string;
  next_attempt_at: string;
  attempts: number;
  claimed_until: string | null;
  sent_at: string | null;
  message_id: string | null;
  last_error: string | null;
}

export interface Database {
  members: MemberTable;
  member_skills: MemberSkillTable;
  work_records: WorkRecordTable;
  work_record_skills: WorkRecordSkillTable;
  sessions: SessionTable;
  access_tokens: AccessTokenTable;
  email_tokens: EmailTokenTable;
  auth_failures: AuthFailureTable;
  instance_settings: InstanceSettingsTable;
  invites: InviteTable;
  email_outbox: EmailOutboxTable;
}

export type MemberRow = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
export type WorkRecordRow = Selectable<WorkRecordTable>;
export type AccessTokenRow = Selectable<AccessTokenTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
