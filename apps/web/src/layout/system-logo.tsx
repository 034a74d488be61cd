/** The system's mark: a bar chart on the government blue, also used as the favicon. */
export function SystemLogo({ size = 32, inverted = false }: { size?: number; inverted?: boolean }) {
  const background = inverted ? '#ffffff' : '#1f5fad';
  const bars = inverted ? '#1f5fad' : '#ffffff';
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill={background} />
      <rect x="7" y="17" width="4" height="8" fill={bars} />
      <rect x="14" y="12" width="4" height="13" fill={bars} />
      <rect x="21" y="7" width="4" height="18" fill={bars} />
    </svg>
  );
}
