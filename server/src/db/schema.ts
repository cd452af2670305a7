import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  /** 1 when an admin marked the member as trusted: a seed of merit with the admins (0007). */
  trusted: Generated<number>;
  /** Stored figures (0010), kept in the transaction of every ledger entry and engagement end. */
  ledger_given: Generated<number>;
  ledger_received: Generated<number>;
  /** Engagements this member helped on that completed, that they abandoned, that the owner abandoned. */
  completed_as_helper: Generated<number>;
  abandoned_by_helper: Generated<number>;
  abandoned_by_owner: Generated<number>;
  created_at: string;
  updated_at: string;
  /** The people-search key (0009): unique, increasing with sign-up, NULL until indexed. Owned by search. */
  search_seq: Generated<number | null>;
  /** Shown to the other party only while they share an active or completed engagement (0011). */
  contact_line: Generated<string>;
  /** The owner's record (0011): engagements started on their overflow, completed, ratings given, endorsements. */
  given_out: Generated<number>;
  completed_as_owner: Generated<number>;
  ratings_given_sum: Generated<number>;
  ratings_given_count: Generated<number>;
  endorsements_written: Generated<number>;
  /** Days without activity after which a tie shows as a keep-in-touch nudge (0011). */
  quiet_after_days: Generated<number>;
  /** The daily digest (0018): local hour, next due instant (UTC; NULL = not yet placed), end of the last one's period. */
  digest_hour: Generated<number>;
  digest_next_at: Generated<string | null>;
  digest_since: Generated<string | null>;
  // 0020: moderation and the member's own deletion
  suspended_at: Generated<string | null>;
  deletion_requested_at: Generated<string | null>;
  deletion_due_at: Generated<string | null>;
  deleted_at: Generated<string | null>;
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
  /** 0 = the public profile shows the rating, skills and endorsement, not the title, summary or link (0011). */
  details_public: Generated<number>;
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
  ip: Generated<string | null>; // 0020
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
  purpose: 'verify' | 'reset' | 'email_change';
  created_at: string;
  expires_at: string;
  used_at: string | null;
  new_email: Generated<string | null>; // 0020: the address an 'email_change' token confirms
}

export interface AuthFailureTable {
  id: string;
  account_key: string;
  ip: string;
  created_at: string;
  /** The device cookie's hash when the attempt came from a trusted device (0004). */
  device_hash: string | null;
}

/** A browser that signed in to an account before (its device cookie's hash), per account. */
export interface TrustedDeviceTable {
  token_hash: string;
  member_id: string;
  created_at: string;
  expires_at: string;
}

/** Rows the failed sign-in check locks, one per account and per IP. */
export interface AuthThrottleKeyTable {
  key: string;
}

export interface InstanceSettingsTable {
  id: number;
  name: string;
  signup_mode: 'open' | 'invite' | 'domains';
  allowed_domains: string; // JSON array of domains
  auto_complete_days: number;
  updated_at: string;
  /** 1 = the instance insights page is public (0011). */
  insights_public: Generated<number>;
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
  /** Fixed when the row is written (0018): a retry after a crash resends the same message. */
  message_id: string | null;
  last_error: string | null;
  /** The member it is for, when it is for a member (0018). */
  member_id: Generated<string | null>;
  /** A notification type, 'digest', or 'account' (verification, reset, sign-up attempt). */
  kind: Generated<string>;
  /** JSON object of extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Generated<string>;
  /** Set on a permanent failure (an SMTP 5xx): no more retries. */
  failed_at: Generated<string | null>;
  /** What the receiving SMTP server answered when it accepted the message. */
  smtp_response: Generated<string | null>;
}

export type EmailMode = 'now' | 'digest' | 'off';

export interface EmailPreferenceTable {
  member_id: string;
  kind: string;
  mode: EmailMode;
  updated_at: string;
}

export interface DigestTable {
  member_id: string;
  /** YYYY-MM-DD in the member's time zone: one digest per member and local date (the primary key). */
  local_date: string;
  message_id: string;
  claimed_at: string;
  status: 'queued' | 'empty' | 'off';
  outbox_id: string | null;
  /** JSON: counts per section, for the CLI's summary and the admin view. */
  summary: Generated<string>;
}

export interface InstanceSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** 'suspended': open overflow of a suspended member (0021), out of every list until they are reinstated. */
export type OverflowStatus =
  'open' | 'assigned' | 'delivered' | 'completed' | 'cancelled' | 'expired' | 'suspended';
export type Visibility = 'public' | 'members' | 'ask';

export interface OverflowTable {
  id: string;
  owner_id: string;
  title: string;
  brief: string;
  effort_hours: number;
  due_on: string | null; // YYYY-MM-DD
  /** due_on, or '9999-12-31' when there is none: never NULL, so the soonest-due board walks an index (0005). */
  due_key: string;
  visibility: Visibility;
  ask_member_id: string | null;
  status: OverflowStatus;
  created_at: string;
  updated_at: string;
  /**
   * Search's stable key (0006): unique, increasing with creation, NULL until indexed. Written only by
   * db/search-index.ts; a bulk load leaves it NULL and calls rebuildSearchIndex once.
   */
  search_seq: Generated<number | null>;
  hidden_at: Generated<string | null>; // 0020: hidden by a moderator
}

export interface OverflowSkillTable {
  overflow_id: string;
  skill: string;
  position: number;
  status: OverflowStatus;
  created_at: string;
  /** A copy of overflow.due_key (0005). */
  due_key: string;
}

export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

export interface OfferTable {
  id: string;
  overflow_id: string;
  helper_id: string;
  pitch: string;
  proposed_on: string;
  status: OfferStatus;
  decline_note: string | null;
  created_at: string;
  updated_at: string;
  hidden_at: Generated<string | null>; // 0020: hidden by a moderator
}

export interface OfferEvidenceTable {
  offer_id: string;
  work_record_id: string;
  position: number;
}

export type EngagementStatus = 'active' | 'delivered' | 'completed' | 'abandoned';

export interface EngagementTable {
  id: string;
  overflow_id: string;
  offer_id: string;
  owner_id: string;
  helper_id: string;
  status: EngagementStatus;
  started_at: string;
  delivered_at: string | null;
  completed_at: string | null;
  auto_completed: number;
  abandoned_at: string | null;
  abandoned_by: string | null;
  abandon_reason: string | null;
  rating: number | null;
  endorsement: string | null;
  demonstrated_skills: string; // JSON array
  work_record_id: string | null;
  updated_at: string;
  /** The overflow's effort when the offer was accepted (migration 0007; merit reads it without a join). */
  effort_hours: number;
}

export type EngagementEventKind =
  'started' | 'delivered' | 'revision_requested' | 'completed' | 'auto_completed' | 'abandoned';

export interface EngagementEventTable {
  id: string;
  engagement_id: string;
  kind: EngagementEventKind;
  actor_id: string | null;
  note: string;
  links: string; // JSON array of URLs
  created_at: string;
  /** 1 = a delivery note the helper kept off their public profile (0011). */
  note_private: Generated<number>;
}

export interface TieTable {
  id: string;
  member_a: string; // the smaller id of the pair
  member_b: string;
  formed_via: 'engagement' | 'noticed';
  formed_label: string;
  source_id: string;
  strength: number;
  /** The ledger weight member_a gave member_b and back, over every entry of the pair (0010). */
  weight_a_to_b: Generated<number>;
  weight_b_to_a: Generated<number>;
  /** Completed engagements between the pair, either direction (0016). */
  completed_together: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** help: the helper's work (effort hours); opportunity, review, endorsement: what the owner gives at completion (0014). */
export type LedgerKind = 'help' | 'thanks' | 'ask' | 'opportunity' | 'review' | 'endorsement';

/** A member's ledger by kind: weight and count given and received (0014), kept in step by addLedgerEntry. */
export interface MemberLedgerKindTable {
  member_id: string;
  kind: LedgerKind;
  given_weight: Generated<number>;
  given_count: Generated<number>;
  received_weight: Generated<number>;
  received_count: Generated<number>;
}

export interface LedgerEntryTable {
  id: string;
  giver_id: string;
  receiver_id: string;
  kind: LedgerKind;
  weight: number;
  source_type: string;
  source_id: string;
  created_at: string;
}

export interface NoticedNoteTable {
  id: string;
  from_id: string;
  to_id: string;
  work_record_id: string;
  message: string;
  status: 'pending' | 'accepted' | 'ignored';
  created_at: string;
  responded_at: string | null;
  hidden_at: Generated<string | null>; // 0020: hidden by a moderator
}

export interface ThanksNoteTable {
  id: string;
  from_id: string;
  to_id: string;
  message: string;
  engagement_id: string | null;
  created_at: string;
  hidden_at: Generated<string | null>; // 0020: hidden by a moderator
}

export interface NotificationTable {
  id: string;
  member_id: string;
  type: string;
  actor_id: string | null;
  subject_type: string;
  subject_id: string;
  data: string; // JSON object
  read_at: string | null;
  created_at: string;
}

/** One member's merit from the last recomputation; skill '' is overall (docs/merit.md). */
export interface MeritScoreTable {
  member_id: string;
  skill: string;
  score: number;
  /** 1 = highest in this skill. */
  rank: number;
  /** The member's place as a share of everyone scored in this skill: 0.05 = in the top 5 %. */
  top_fraction: number;
  computed_at: string;
}

/** An owner's invitation to a member to offer on one overflow; once per pair (0008). Not an ask. */
export interface OverflowInvitationTable {
  overflow_id: string;
  member_id: string;
  invited_by: string;
  created_at: string;
}

/** A message in an engagement's conversation (0011): editable for a while by its author, never deleted. */
export interface EngagementMessageTable {
  id: string;
  engagement_id: string;
  author_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  hidden_at: Generated<string | null>; // 0020: hidden by a moderator
}

/** How far a party has read an engagement's timeline (0011). */
export interface EngagementReadTable {
  engagement_id: string;
  member_id: string;
  last_read_at: string;
}

/** A public question on a posting and the owner's answer (0011). */
export interface OverflowQuestionTable {
  id: string;
  overflow_id: string;
  asker_id: string;
  body: string;
  answer: string | null;
  answered_at: string | null;
  hidden_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Every admin action and every security-relevant event (0020; admin_audit before). `member_id` is whom it
 * concerns (they see their own), `actor_id` who did it (NULL: the instance). `detail` is a JSON object.
 */
export interface AuditLogTable {
  id: string;
  member_id: string | null;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: Generated<string>;
  ip: Generated<string | null>;
  user_agent: Generated<string | null>;
  created_at: string;
}

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed';

/** A member's export (0020): a job with progress; the JSON document is kept until the link expires. */
export interface MemberExportTable {
  id: string;
  member_id: string;
  status: ExportStatus;
  progress: Generated<number>;
  total: Generated<number>;
  token_hash: string | null;
  data: string | null;
  bytes: number | null;
  error: string | null;
  claimed_until: string | null;
  created_at: string;
  started_at: string | null;
  ready_at: string | null;
  expires_at: string | null;
}

export type ReportSubjectType =
  'member' | 'overflow' | 'offer' | 'message' | 'question' | 'noticed' | 'thanks';
export type ReportStatus = 'open' | 'hidden' | 'suspended' | 'dismissed';

/** A member's report of content (0020), resolved by an admin; the reporter is told the outcome. */
export interface ReportTable {
  id: string;
  reporter_id: string;
  subject_type: ReportSubjectType;
  subject_id: string;
  subject_member_id: string | null;
  reason: string;
  note: Generated<string>;
  status: ReportStatus;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  created_at: string;
}

/** The last computed instance insights (0011); `data` is a JSON document. */
export interface InstanceInsightsTable {
  id: number;
  computed_at: string;
  data: string;
}

/** A scheduled job's claim, so it runs once across processes. */
export interface JobClaimTable {
  name: string;
  claimed_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
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
  trusted_devices: TrustedDeviceTable;
  auth_throttle_keys: AuthThrottleKeyTable;
  instance_settings: InstanceSettingsTable;
  invites: InviteTable;
  email_outbox: EmailOutboxTable;
  email_preferences: EmailPreferenceTable;
  digests: DigestTable;
  instance_secrets: InstanceSecretTable;
  overflow: OverflowTable;
  overflow_skills: OverflowSkillTable;
  offers: OfferTable;
  offer_evidence: OfferEvidenceTable;
  engagements: EngagementTable;
  engagement_events: EngagementEventTable;
  ties: TieTable;
  ledger_entries: LedgerEntryTable;
  member_ledger_kinds: MemberLedgerKindTable;
  noticed_notes: NoticedNoteTable;
  thanks_notes: ThanksNoteTable;
  notifications: NotificationTable;
  merit_scores: MeritScoreTable;
  job_claims: JobClaimTable;
  overflow_invitations: OverflowInvitationTable;
  engagement_messages: EngagementMessageTable;
  engagement_reads: EngagementReadTable;
  overflow_questions: OverflowQuestionTable;
  audit_log: AuditLogTable;
  member_exports: MemberExportTable;
  reports: ReportTable;
  instance_insights: InstanceInsightsTable;
}

export type MemberRow = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
export type WorkRecordRow = Selectable<WorkRecordTable>;
export type AccessTokenRow = Selectable<AccessTokenTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type OverflowRow = Selectable<OverflowTable>;
export type OfferRow = Selectable<OfferTable>;
export type EngagementRow = Selectable<EngagementTable>;
export type TieRow = Selectable<TieTable>;
export type NotificationRow = Selectable<NotificationTable>;
