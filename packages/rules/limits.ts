/**
 * Field limits: the server's schemas enforce them and the web app's forms check them before sending, so
 * both say the same thing about a field. Counted in UTF-16 code units (what `string.length` and zod count).
 * Changing one changes the API: regenerate the OpenAPI document (`npm run openapi`).
 */
export const LIMITS = {
  // Members and profiles
  nameMax: 80,
  handleMin: 3,
  handleMax: 30,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 200,
  headlineMax: 120,
  bioMax: 5000,
  profileSkillsMax: 20,
  skillMax: 40,
  linksMax: 10,
  linkLabelMax: 40,
  urlMax: 500,
  capacityMin: 1,
  capacityMax: 10,
  /** How to reach you, shown only to the other party of an engagement you share (accepted, not abandoned). */
  contactLineMax: 200,
  /** Keep in touch: after how many quiet days a tie shows as a nudge (default 90). */
  quietAfterDaysMin: 14,
  quietAfterDaysMax: 365,

  // Work records
  workTitleMax: 120,
  workSummaryMax: 2000,
  workSkillsMax: 10,

  // Access tokens and the instance
  tokenNameMax: 60,
  instanceNameMax: 60,
  /** Days an owner has to review a delivery before it completes by itself (instance setting). */
  reviewDaysMin: 1,
  reviewDaysMax: 90,

  // Overflow
  overflowTitleMin: 3,
  overflowTitleMax: 120,
  overflowBriefMax: 10_000,
  overflowSkillsMax: 10,
  effortHoursMin: 1,
  effortHoursMax: 200,
  /** Questions on a posting and the owner's answer (Markdown). */
  questionMin: 5,
  questionMax: 1000,
  answerMax: 2000,

  // Offers
  pitchMin: 10,
  pitchMax: 2000,
  evidenceMax: 5,
  declineNoteMax: 500,

  // Engagements: delivery, revision, review, abandonment
  deliveryNoteMax: 5000,
  deliveryLinksMax: 10,
  revisionNoteMax: 5000,
  endorsementMax: 1000,
  reviewSkillsMax: 10,
  abandonReasonMax: 1000,

  // The engagement conversation (owner and helper)
  messageBodyMax: 4000,
  /** How long after sending its author may edit a message (minutes). */
  messageEditMinutes: 10,

  // Noticed notes and thanks
  noticedNoteMin: 10,
  noticedNoteMax: 500,
  thanksMessageMax: 500,
} as const;

export type LimitName = keyof typeof LIMITS;
