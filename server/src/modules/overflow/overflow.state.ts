import type { EngagementStatus, OfferStatus, OverflowStatus } from '../../db/schema.js';

/**
 * The drafting loop's state machines, as data. Services ask `next(...)` and refuse (409) anything the
 * table does not allow: an illegal transition is never a silent no-op.
 */
export type OverflowEvent =
  'assign' | 'deliver' | 'requestRevision' | 'complete' | 'reopen' | 'cancel' | 'expire';
export type EngagementEvent = 'deliver' | 'requestRevision' | 'complete' | 'abandon';
export type OfferEvent = 'accept' | 'decline' | 'withdraw';

const overflowTable: Record<OverflowStatus, Partial<Record<OverflowEvent, OverflowStatus>>> = {
  open: { assign: 'assigned', cancel: 'cancelled', expire: 'expired' },
  assigned: { deliver: 'delivered', reopen: 'open' },
  delivered: { complete: 'completed', requestRevision: 'assigned', reopen: 'open' },
  completed: {},
  cancelled: {},
  expired: {},
  // A suspended member's open overflow: nothing happens to it until reinstatement moves it back (moderation).
  suspended: {},
};

const engagementTable: Record<EngagementStatus, Partial<Record<EngagementEvent, EngagementStatus>>> = {
  active: { deliver: 'delivered', abandon: 'abandoned' },
  delivered: { requestRevision: 'active', complete: 'completed', abandon: 'abandoned' },
  completed: {},
  abandoned: {},
};

const offerTable: Record<OfferStatus, Partial<Record<OfferEvent, OfferStatus>>> = {
  pending: { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' },
  accepted: {},
  declined: {},
  withdrawn: {},
};

export const nextOverflow = (from: OverflowStatus, event: OverflowEvent): OverflowStatus | undefined =>
  overflowTable[from][event];
export const nextEngagement = (
  from: EngagementStatus,
  event: EngagementEvent,
): EngagementStatus | undefined => engagementTable[from][event];
export const nextOffer = (from: OfferStatus, event: OfferEvent): OfferStatus | undefined =>
  offerTable[from][event];

/** States after which nothing can happen to an overflow; no offer may stay pending on one. */
export const CLOSED_OVERFLOW: readonly OverflowStatus[] = ['completed', 'cancelled', 'expired'];

/** The overflow status that mirrors each live engagement status. */
export function overflowStatusFor(engagement: EngagementStatus): OverflowStatus {
  switch (engagement) {
    case 'active':
      return 'assigned';
    case 'delivered':
      return 'delivered';
    case 'completed':
      return 'completed';
    case 'abandoned':
      return 'open';
  }
}
