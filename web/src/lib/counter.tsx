import type { ReactNode } from 'react';

/**
 * A field's description with its character count, "n / max" (issue 10: text over its limit is refused, and the
 * form says how close it is). The count is of characters as the server counts them (UTF-16 units, as
 * `maxLength` does).
 */
export function withCount(description: ReactNode, value: string, max: number): ReactNode {
  return (
    <>
      {description}
      {description ? ' ' : null}
      <span aria-label={`${value.length} of ${max} characters`} style={{ whiteSpace: 'nowrap' }}>
        {value.length} / {max}
      </span>
    </>
  );
}
