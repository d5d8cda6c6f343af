// Formats a chart value by its unit (bytes get binary prefixes, rates keep their unit).
import { formatBytes, formatCount, formatDuration } from "@/lib/format";

export function formatMetric(value: number, unit: string): string {
  if (unit === "bytes") return formatBytes(value);
  if (unit === "s") return formatDuration(value);
  if (unit === "msgs" || unit === "seq") return `${formatCount(Math.round(value))}${unit === "msgs" ? " msgs" : ""}`;
  const digits = Math.abs(value) < 10 && value % 1 !== 0 ? 1 : 0;
  return `${value.toFixed(digits)}${unit.startsWith("/") ? "" : " "}${unit}`;
}

export function formatAxisTime(t: number, rangeMs: number): string {
  const d = new Date(t);
  if (rangeMs > 24 * 3_600_000) return d.toLocaleDateString(undefined, { weekday: "short", hour: "2-digit" });
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
