/**
 * Typed application errors. Services throw these; one handler (plugins/errors.ts) maps them to
 * `{ error: { code, message, details } }` with the matching HTTP status.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503 | 507;

/**
 * Every error code the API answers with, in one list: the type AppError takes and the enum the OpenAPI
 * document publishes (shared/http-schemas.ts). A new code is added here, or it does not compile.
 */
export const ERROR_CODES = [
  'ADMIN_ONLY',
  'ALREADY_INVITED',
  'ALREADY_VERIFIED',
  'ASK_HANDLE_REQUIRED',
  'ASK_REQUIRES_TIE',
  'ASK_SELF',
  'BAD_REQUEST',
  'BAD_URL',
  'CAPACITY_REACHED',
  'CONVERSATION_CLOSED',
  'CSRF_FAILED',
  'DELETION_ALREADY_PENDING',
  'DELETION_HANDLE_MISMATCH',
  'DELETION_PASSWORD_INCORRECT',
  'DELIVERY_AWAITS_REVIEW',
  'DOMAINS_REQUIRED',
  'DUE_DATE_IN_PAST',
  'EMAIL_NOT_VERIFIED',
  'EMAIL_TAKEN',
  'EMAIL_UNCHANGED',
  'ENGAGEMENT_NOT_FOUND',
  'ENGAGEMENT_STATE_CONFLICT',
  'EVIDENCE_NOT_YOURS',
  'EXPORT_EXPIRED',
  'EXPORT_LIMIT_REACHED',
  'EXPORT_NOT_FOUND',
  'EXPORT_NOT_READY',
  'FORBIDDEN',
  'HANDLE_TAKEN',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
  'INVALID_CREDENTIALS',
  'INVALID_CURSOR',
  'INVALID_RANGE',
  'INVALID_TOKEN',
  'INVALID_UNSUBSCRIBE_TOKEN',
  'INVITATIONS_LIMIT_REACHED',
  'INVITEE_ALREADY_OFFERED',
  'INVITEE_CANNOT_SEE',
  'INVITE_INVALID',
  'INVITE_REQUIRED',
  'INVITE_SELF',
  'MALFORMED_JSON',
  'MEMBER_NOT_FOUND',
  'MESSAGE_EDIT_WINDOW_CLOSED',
  'MESSAGE_NOT_FOUND',
  'NOTICED_ALREADY_PENDING',
  'NOTICED_LIMIT_REACHED',
  'NOTICED_NOT_FOUND',
  'NOTICED_OWN_WORK',
  'NOTICED_STATE_CONFLICT',
  'NOT_ENGAGEMENT_HELPER',
  'NOT_ENGAGEMENT_OWNER',
  'NOT_ENGAGEMENT_PARTY',
  'NOT_FOUND',
  'NOT_MESSAGE_AUTHOR',
  'NOT_OVERFLOW_OWNER',
  'OFFER_ALREADY_PENDING',
  'OFFER_NOT_FOUND',
  'OFFER_STATE_CONFLICT',
  'OVERFLOW_NOT_EDITABLE',
  'OVERFLOW_NOT_FOUND',
  'OVERFLOW_NOT_OPEN',
  'OVERFLOW_STATE_CONFLICT',
  'OWNER_REQUIRED',
  'OWN_OVERFLOW',
  'PASSWORD_UNCHANGED',
  'PAYLOAD_TOO_LARGE',
  'PROPOSED_DATE_IN_PAST',
  'QUESTION_NOT_FOUND',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'ROUTE_NOT_FOUND',
  'SEARCH_QUERY_EMPTY',
  'SEARCH_QUERY_INVALID',
  'SESSION_NOT_FOUND',
  'SESSION_REQUIRED',
  'SIGNUP_DOMAIN_NOT_ALLOWED',
  'SKILL_NOT_IN_OVERFLOW',
  'THANKS_LIMIT_REACHED',
  'THANKS_REQUIRES_TIE',
  'THANKS_SELF',
  'TOKEN_INVALID',
  'TOKEN_NOT_FOUND',
  'TOO_MANY_SIGNIN_ATTEMPTS',
  'TOO_MANY_TOKENS',
  'TOO_MANY_WORK_RECORDS',
  'UNAUTHENTICATED',
  'UNSUPPORTED_MEDIA_TYPE',
  'URI_TOO_LONG',
  'VALIDATION_FAILED',
  'WORK_RECORD_NOT_FOUND',
  'WORK_RECORD_VERIFIED',
  'ACCOUNT_SUSPENDED',
  'ALREADY_REPORTED',
  'ALREADY_SUSPENDED',
  'CANNOT_HIDE_PROFILE',
  'CANNOT_SUSPEND_SELF',
  'LAST_ADMIN',
  'NOT_SUSPENDED',
  'OVERFLOW_REMOVED',
  'REPORT_NOT_FOUND',
  'REPORT_RESOLVED',
  'REPORT_SUBJECT_NOT_FOUND',
  'HELPER_SUSPENDED',
  'WRONG_PASSWORD',
  // part faults: shutdown and the database going away (docs/decisions/0028-shutdown-and-database-faults.md)
  'SHUTTING_DOWN',
  'DATABASE_UNAVAILABLE',
  'STORAGE_FULL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds until a retry may succeed; sent as `Retry-After` (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Sign in to do this.', code: ErrorCode = 'UNAUTHENTICATED') =>
  new AppError(401, code, message);
export const forbidden = (message = 'You are not allowed to do this.', code: ErrorCode = 'FORBIDDEN') =>
  new AppError(403, code, message);
export const notFound = (what: string, code: ErrorCode = 'NOT_FOUND') =>
  new AppError(404, code, `${what} was not found.`);
export const conflict = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const tooManyRequests = (
  message: string,
  retryAfterSeconds: number,
  code: ErrorCode = 'RATE_LIMITED',
) => new AppError(429, code, message, { retryAfterSeconds }, retryAfterSeconds);
