import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngagementStatus, OverflowStatus } from '../../db/schema.js';
import {
  CLOSED_OVERFLOW,
  nextEngagement,
  nextOffer,
  nextOverflow,
  overflowStatusFor,
  type EngagementEvent,
  type OverflowEvent,
} from './overflow.state.js';

/** The overflow event each engagement event causes. */
const overflowEventFor: Record<EngagementEvent, OverflowEvent> = {
  deliver: 'deliver',
  requestRevision: 'requestRevision',
  complete: 'complete',
  abandon: 'reopen',
};

describe('overflow state machine', () => {
  it('follows the documented paths', () => {
    expect(nextOverflow('open', 'assign')).toBe('assigned');
    expect(nextOverflow('assigned', 'deliver')).toBe('delivered');
    expect(nextOverflow('delivered', 'complete')).toBe('completed');
    expect(nextOverflow('open', 'cancel')).toBe('cancelled');
    expect(nextOverflow('open', 'expire')).toBe('expired');
  });

  it('cannot leave a closed state', () => {
    for (const s of CLOSED_OVERFLOW) {
      for (const e of [
        'assign',
        'deliver',
        'requestRevision',
        'complete',
        'reopen',
        'cancel',
        'expire',
      ] as const) {
        expect(nextOverflow(s, e)).toBeUndefined();
      }
    }
  });

  it('cannot cancel or expire once someone is assigned', () => {
    expect(nextOverflow('assigned', 'cancel')).toBeUndefined();
    expect(nextOverflow('delivered', 'expire')).toBeUndefined();
  });
});

describe('offer state machine', () => {
  it('only a pending offer moves', () => {
    expect(nextOffer('pending', 'accept')).toBe('accepted');
    expect(nextOffer('pending', 'withdraw')).toBe('withdrawn');
    expect(nextOffer('accepted', 'withdraw')).toBeUndefined();
    expect(nextOffer('declined', 'accept')).toBeUndefined();
  });
});

describe('engagement state machine', () => {
  const events: EngagementEvent[] = ['deliver', 'requestRevision', 'complete', 'abandon'];

  it('never completes without a delivery, and completes at most once, for any sequence of events', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 30 }), (sequence) => {
        let state: EngagementStatus = 'active';
        let overflow: OverflowStatus = 'assigned';
        let completions = 0;
        let delivered = false;
        for (const event of sequence) {
          const next = nextEngagement(state, event);
          if (!next) continue; // refused
          if (event === 'complete') {
            expect(delivered).toBe(true);
            completions++;
          }
          if (event === 'deliver') delivered = true;
          if (event === 'requestRevision') delivered = false;
          state = next;
          // The overflow always mirrors the engagement, through a step its own machine allows.
          const mirrored = nextOverflow(overflow, overflowEventFor[event]);
          expect(mirrored, `overflow ${overflow} on ${event}`).toBeDefined();
          expect(mirrored).toBe(overflowStatusFor(state));
          overflow = mirrored!;
        }
        expect(completions).toBeLessThanOrEqual(1);
        if (state === 'completed' || state === 'abandoned') {
          for (const e of events) expect(nextEngagement(state, e)).toBeUndefined();
        }
      }),
    );
  });
});
