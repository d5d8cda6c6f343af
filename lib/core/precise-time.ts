// Pure, shared by server and browser: JetStream times carry nanoseconds; Date.parse drops everything below 1
// ms, which reorders messages stored within one ms.

/** Milliseconds since the epoch with the sub-millisecond fraction kept (µs precision survives a double). */
export function preciseMs(iso: string): number {
  const match = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!match) return Date.parse(iso);
  const whole = Date.parse(`${match[1]}${match[3]}`);
  const fraction = match[2] ? Number(`0.${match[2]}`) * 1000 : 0;
  return whole + fraction;
}

/** ISO 8601 UTC with microseconds, from (fractional) milliseconds since the epoch. */
export function isoFromMs(ms: number): string {
  const totalMicros = Math.round(ms * 1000);
  const whole = Math.floor(totalMicros / 1000);
  const micros = totalMicros - whole * 1000;
  const base = new Date(whole).toISOString();
  return micros === 0 ? base : `${base.slice(0, -1)}${String(micros).padStart(3, "0")}Z`;
}
