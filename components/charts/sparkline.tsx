// A tiny inline SVG trend line; gaps (null) break the line rather than dropping to zero. It names its metric, unit
// and time range (accessible name and hover tooltip), since a bare line says neither.
import { formatMetric } from "./format-metric";

export function Sparkline({
  values,
  label,
  unit = "",
  range = "last 15 minutes",
  width = 96,
  height = 24,
}: {
  values: (number | null)[] | undefined;
  /** What is drawn, e.g. "ORDERS in-rate". */
  label: string;
  /** As formatMetric takes it: "msgs", "msgs/s", "bytes", "s". */
  unit?: string;
  range?: string;
  width?: number;
  height?: number;
}) {
  const numbers = (values ?? []).filter((v): v is number => v !== null);
  if (!values || numbers.length < 2) {
    const text = `${label}, ${range}: not enough history yet`;
    return (
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={text}
        className="inline-block align-middle text-zinc-300 dark:text-zinc-700"
      >
        <title>{text}</title>
        <path d={`M0,${height / 2}H${width}`} stroke="currentColor" strokeDasharray="2 3" />
      </svg>
    );
  }
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
  const format = (v: number) => (unit ? formatMetric(v, unit) : String(v));
  const text = `${label}, ${range}: now ${format(numbers.at(-1)!)}, lowest ${format(min)}, highest ${format(max)}`;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={text}
      className="inline-block align-middle"
    >
      <title>{text}</title>
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
