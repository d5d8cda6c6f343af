// Number and time formatting with units, shared by server and client components.

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

const COUNT = new Intl.NumberFormat("en-US");

/** 1234567 → "1,234,567". Integers are grouped by hand: Intl formatting is slow for thousands of figures a poll. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "—";
  if (!Number.isSafeInteger(n)) return COUNT.format(n);
  const digits = String(Math.abs(n));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${grouped}` : grouped;
}

export function formatRate(perSecond: number | null, unit = "msgs/s"): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return "—";
  const digits = perSecond === 0 ? 0 : perSecond < 10 ? 1 : 0;
  return `${perSecond.toFixed(digits)}${unit.startsWith("/") ? "" : " "}${unit}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  // Round to the smallest unit shown first, so 119.6 s reads "2 min 0 s", not "1 min 60 s".
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3570) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.round(seconds / 60);
  if (m < 1410) return `${Math.floor(m / 60)} h ${m % 60} min`;
  const h = Math.round(seconds / 3600);
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "3 min ago" style, relative to now (ms since epoch). */
export function formatAgo(iso: string | undefined | null, now: number): string {
  if (!iso) return "never";
  const seconds = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 2) return "just now";
  return `${formatDuration(seconds)} ago`;
}

/** Absolute time for hover titles: ISO 8601 in UTC. */
export function formatUtc(iso: string | undefined | null): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms)
    ? ""
    : `${new Date(ms)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC")}`;
}

/** An age in seconds, or "—" when there is nothing waiting. */
export function formatAge(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? "—" : formatDuration(seconds);
}

/** Latencies: "0.4 ms", "123 ms", "1.52 s", then like formatDuration (whole seconds would hide a 1.5 s p95). */
export function formatMillis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return formatDuration(ms / 1000);
}
