// A member who deleted their account (docs/account-deletion.md) leaves a tombstone: what others own keeps
// pointing at it, and it is shown everywhere as "a former member", never as a link. Its handle is not a valid
// handle (it starts with FORMER_HANDLE_PREFIX), so no profile answers it and no member can take it; the API's
// member summaries send an empty handle with `former: true`.
export const FORMER_MEMBER_NAME = 'a former member';
export const FORMER_HANDLE_PREFIX = '~';

/** True for a former member's handle: empty (a member summary) or the tombstone's own. */
export function isFormerHandle(handle: string | null | undefined): boolean {
  return !handle || handle.startsWith(FORMER_HANDLE_PREFIX);
}
