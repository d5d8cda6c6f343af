// A tiny inline SVG trend line; gaps (null) break the line rather than dropping to zero.

export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: (number | null)[] | undefined;
  label: string;
  width?: number;
  height?: number;
}) {
  const numbers = (values ?? []).filter((v): v is number => v !== null);
  if (!values || numbers.length < 2)
    return (
      <span
        className="inline-block text-xs text-zinc-400"
        style={{ width }}
        aria-label={`${label}: not enough history yet`}
      />
    );
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min || 1;
  const step = width / Math.max(1, values.length - 1);
  const segments: string[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 2 - ((v - min) / span) * (height - 4)).toFixed(1);
    current += `${current ? "L" : "M"}${x},${y}`;
  });
  if (current) segments.push(current);
  const last = numbers.at(-1)!;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: last ${last}, range ${min}–${max}`}
      className="inline-block align-middle"
    >
      {segments.map((d, i) => (
        <path
          key={i}
          d={d}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          className="text-sky-600 dark:text-sky-400"
        />
      ))}
    </svg>
  );
}
