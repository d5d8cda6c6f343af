// Formats a chart value by its unit (bytes get binary prefixes, rates keep their unit).
import { formatBytes, formatCount, formatDuration } from "@/lib/core/format";

export function formatMetric(value: number, unit: string): string {
  if (unit === "bytes") return formatBytes(value);
  if (unit === "s") return formatDuration(value);
  if (unit === "msgs" || unit === "seq")
    return `${formatCount(Math.round(value))}${unit === "msgs" ? " msgs" : ""}`;
  const digits = Math.abs(value) < 10 && value % 1 !== 0 ? 1 : 0;
  return `${value.toFixed(digits)}${unit.startsWith("/") ? "" : " "}${unit}`;
}

export function formatAxisTime(t: number, rangeMs: number): string {
  const d = new Date(t);
  if (rangeMs > 24 * 3_600_000)
    return d.toLocaleDateString("en-GB", {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** Below 1, two significant digits: rates like 0.02/s must not all read "0". */
const SMALL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** Short axis labels: the unit is in the chart caption, except bytes and seconds which need their prefixes. */
export function formatAxisValue(value: number, unit: string): string {
  if (unit === "bytes") return formatBytes(value);
  if (unit === "s") {
    if (value > 0 && value < 1) return `${Math.round(value * 1000)} ms`;
    if (value < 60) return `${Math.round(value)} s`;
    if (value < 3600) return `${Math.round(value / 60)} min`;
    if (value < 86_400) return `${Math.round(value / 3600)} h`;
    return `${Math.round(value / 86_400)} d`;
  }
  return value !== 0 && Math.abs(value) < 1 ? SMALL.format(value) : COMPACT.format(value);
}
