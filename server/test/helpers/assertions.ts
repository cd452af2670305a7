// Assertions shared by the integration suites.
import { expect } from 'vitest';
import type { TestResponse } from './client.js';

/** Every failure has exactly this shape: `{ error: { code, message, details?, requestId? } }`. */
export function expectErrorShape(res: TestResponse): void {
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.body as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as Record<string, unknown>;
  expect(typeof error.code).toBe('string');
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof error.message).toBe('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  for (const key of Object.keys(error)) expect(['code', 'message', 'details', 'requestId']).toContain(key);
}

/** The reply is an error with this status and code (and the standard shape). */
export function expectError(res: TestResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.error?.code }, res.text).toEqual({ status, code });
  expectErrorShape(res);
}

/** A 400 VALIDATION_FAILED whose details name the given field path (e.g. `body.email`). */
export function expectValidationError(res: TestResponse, path?: string): void {
  expectError(res, 400, 'VALIDATION_FAILED');
  const details = res.error?.details as { path: string; message: string }[] | undefined;
  expect(Array.isArray(details)).toBe(true);
  expect(details!.length).toBeGreaterThan(0);
  for (const d of details!) {
    expect(typeof d.path).toBe('string');
    expect(typeof d.message).toBe('string');
  }
  if (path !== undefined) expect(details!.map((d) => d.path)).toContain(path);
}

/** GET auth/session when nobody is signed in: 200 with no member (not an error; every signed-out page asks). */
export function expectSignedOut(res: TestResponse): void {
  expect(res.status, res.text).toBe(200);
  expect(res.body).toEqual({ member: null, csrfToken: null });
}

/** GET auth/session of a signed-in client: 200 with the member. */
export function expectSignedIn(res: TestResponse): void {
  expect(res.status, res.text).toBe(200);
  expect((res.body as { member: unknown }).member).toEqual(
    expect.objectContaining({ id: expect.any(String) }),
  );
}
