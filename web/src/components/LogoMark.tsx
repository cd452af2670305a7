interface LogoMarkProps {
  size?: number;
}

/** Three lines of air behind a rider: the slipstream. Decorative; the name next to it carries meaning. */
export function LogoMark({ size = 28 }: LogoMarkProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" fill="var(--mantine-color-stream-7)" />
      <path
        d="M7 11.5h11.5a3.5 3.5 0 1 0-3.3-4.7M7 16.5h16.5M7 21.5h9.5a3.5 3.5 0 1 1-3.3 4.7"
        fill="none"
        stroke="#fff"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
