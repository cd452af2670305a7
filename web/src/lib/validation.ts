/**
 * Client-side checks with the server's limits (packages/rules, which its zod schemas use too), so people hear
 * about a problem before they submit. The server stays the authority.
 */
import { LIMITS } from '../../../packages/rules';

export type FieldErrors = Record<string, string>;

export { LIMITS };

const HANDLE_PATTERN = /^[a-zA-Z0-9_-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function checkName(name: string): string | undefined {
  if (!name.trim()) return 'Tell us your name.';
  if (name.trim().length > LIMITS.nameMax) return `Use at most ${LIMITS.nameMax} characters.`;
  return undefined;
}

export function checkHandle(handle: string): string | undefined {
  if (handle.length < LIMITS.handleMin) return `A handle has at least ${LIMITS.handleMin} characters.`;
  if (handle.length > LIMITS.handleMax) return `A handle has at most ${LIMITS.handleMax} characters.`;
  if (!HANDLE_PATTERN.test(handle)) return 'A handle uses only letters a–z, digits, _ and -.';
  return undefined;
}

export function checkEmail(email: string): string | undefined {
  if (!email.trim()) return 'Enter your email address.';
  if (!EMAIL_PATTERN.test(email.trim()) || email.length > LIMITS.emailMax)
    return 'Enter a valid email address.';
  return undefined;
}

export function checkNewPassword(password: string): string | undefined {
  if (password.length < LIMITS.passwordMin)
    return `Use at least ${LIMITS.passwordMin} characters for your password.`;
  if (password.length > LIMITS.passwordMax)
    return `Use at most ${LIMITS.passwordMax} characters for your password.`;
  return undefined;
}

export function checkHttpUrl(url: string): string | undefined {
  const message = 'Use a full web address starting with http:// or https://.';
  if (url.length > LIMITS.urlMax) return `Use at most ${LIMITS.urlMax} characters.`;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : message;
  } catch {
    return message;
  }
}

export function checkIsoDate(date: string): string | undefined {
  if (!DATE_PATTERN.test(date)) return 'Choose a date.';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(date)) return 'Not a real date.';
  return undefined;
}

export function checkDomain(domain: string): boolean {
  return DOMAIN_PATTERN.test(domain.trim().toLowerCase());
}

export function checkMaxLength(value: string, max: number): string | undefined {
  return value.length > max ? `Use at most ${max.toLocaleString('en')} characters.` : undefined;
}

/** Drops undefined entries so `Object.keys(errors).length` tells whether anything is wrong. */
export function collectErrors(entries: Record<string, string | undefined>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(entries)) if (value) errors[key] = value;
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
