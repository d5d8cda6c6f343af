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

// Built once: toLocale*String builds a DateTimeFormat on every call, and axis labels are formatted often (measured:
// half the main thread of a page of ten charts went to it).
const AXIS_TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const AXIS_DAY_TIME = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatAxisTime(t: number, rangeMs: number): string {
  return (rangeMs > 24 * 3_600_000 ? AXIS_DAY_TIME : AXIS_TIME).format(t);
}

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** Below 1, two significant digits: rates like 0.02/s must not all read "0". */
const SMALL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** One decimal below 10 (ticks 1.5 s and 2 s must not both read "2 s"), whole numbers above. */
function tickNumber(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/** Short axis labels: the unit is in the chart caption, except bytes and seconds which need their prefixes. */
export function formatAxisValue(value: number, unit: string): string {
  if (unit === "bytes") return formatBytes(value);
  if (unit === "s") {
    if (value > 0 && value < 1) return `${tickNumber(value * 1000)} ms`;
    if (value < 60) return `${tickNumber(value)} s`;
    if (value < 3600) return `${tickNumber(value / 60)} min`;
    if (value < 86_400) return `${tickNumber(value / 3600)} h`;
    return `${tickNumber(value / 86_400)} d`;
  }
  return value !== 0 && Math.abs(value) < 1 ? SMALL.format(value) : COMPACT.format(value);
}

/** A chart bucket's width: "5 s", "30 s", "5 min", "10 min", "1 h". */
export function formatBucketWidth(widthMs: number): string {
  const seconds = Math.round(widthMs / 1000);
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`;
  const minutes = seconds / 60;
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
