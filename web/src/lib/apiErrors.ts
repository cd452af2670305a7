import { isApiError } from '../api/client';
import type { FieldErrors } from './validation';

export interface SplitError {
  /** Messages to show next to fields, keyed by field path (`handle`, `links.0.url`). */
  fields: FieldErrors;
  /** A message for the form as a whole, when the problem belongs to no field. */
  form: string | null;
}

/**
 * Splits a failed request into field errors and one form-level message. Field paths come from the
 * server's `details[].path` (`body.links.0.url`), or from a known error code (`HANDLE_TAKEN` → handle).
 * A path is matched to the closest known field (`skills.3` → `skills`).
 */
export function splitApiError(
  error: unknown,
  knownFields: readonly string[],
  fieldsByCode: Record<string, string> = {},
): SplitError {
  if (!isApiError(error)) return { fields: {}, form: 'Something went wrong. Please try again.' };
  const fields: FieldErrors = {};
  const unmatched: string[] = [];
  for (const detail of error.details) {
    const field = closestField(detail.path.replace(/^body\.?/, ''), knownFields);
    if (field && !fields[field]) fields[field] = detail.message;
    else if (!field) unmatched.push(detail.message);
  }
  const codeField = fieldsByCode[error.code];
  if (codeField && knownFields.includes(codeField) && !fields[codeField]) fields[codeField] = error.message;

  if (Object.keys(fields).length === 0) return { fields, form: error.message };
  if (unmatched.length > 0) return { fields, form: unmatched.join(' ') };
  return { fields, form: null };
}

function closestField(path: string, knownFields: readonly string[]): string | undefined {
  const parts = path.split('.').filter(Boolean);
  while (parts.length > 0) {
    const candidate = parts.join('.');
    if (knownFields.includes(candidate)) return candidate;
    parts.pop();
  }
  return undefined;
}
