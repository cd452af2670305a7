import { describe, expect, it } from 'vitest';
import * as rules from '../../../packages/rules';
import { checkNewPassword, LIMITS } from './validation';

describe('the web app’s field checks', () => {
  it('use the limits the server enforces (packages/rules), not a copy', () => {
    expect(LIMITS).toBe(rules.LIMITS);
  });

  it('say the same numbers as those limits', () => {
    expect(checkNewPassword('x'.repeat(LIMITS.passwordMin - 1))).toContain(String(LIMITS.passwordMin));
    expect(checkNewPassword('x'.repeat(LIMITS.passwordMin))).toBeUndefined();
  });
});
