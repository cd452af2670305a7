import { useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A page's state kept in the address (so it can be shared and survives "back"): `read` parses it (and must be
 * a stable function), `write` gives the whole query string for a state.
 *
 * Each change builds on the address as it is now, not as it was at the last render: two quick edits (clear
 * the minimum, then set a maximum) before React renders must not put the stale minimum back. (React Router's
 * functional update reads the render's params too, so the newest is kept here.)
 */
export function useAddressState<T>(
  read: (params: URLSearchParams) => T,
  write: (state: T) => URLSearchParams,
) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => read(params), [params, read]);
  const unrendered = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    unrendered.current = null;
  }, [params]);
  /** `replace: false` adds a history entry (a new search); filter edits replace the current one. */
  const update = (patch: Partial<T>, { replace = true }: { replace?: boolean } = {}) => {
    const next = write({ ...read(unrendered.current ?? params), ...patch });
    unrendered.current = next;
    setParams(next, { replace });
  };
  return { state, params, update };
}
