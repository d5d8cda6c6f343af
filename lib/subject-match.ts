// NATS subject matching: does a subject (or a filter) fall under a pattern with `*` and `>` wildcards?

/** True when the concrete subject matches the pattern (`*` = one token, `>` = one or more trailing tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    const token = p[i]!;
    if (token === ">") return s.length > i;
    if (i >= s.length) return false;
    if (token !== "*" && token !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when every subject `inner` can match is also matched by `outer` (filter covered by pattern). */
export function subjectCovers(outer: string, inner: string): boolean {
  const o = outer.split(".");
  const n = inner.split(".");
  for (let i = 0; i < o.length; i++) {
    const token = o[i]!;
    if (token === ">") return n.length > i;
    if (i >= n.length) return false;
    const other = n[i]!;
    if (other === ">") return false;
    if (token !== "*" && (other === "*" || token !== other)) return false;
  }
  return o.length === n.length;
}

/** True when some subject could match both patterns. */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === ">" || q === ">") return p !== undefined && q !== undefined;
    if (p === undefined || q === undefined) return false;
    if (p !== "*" && q !== "*" && p !== q) return false;
  }
  return true;
}

/** How many consumers read a subject: a consumer with no filter reads every subject of its stream. */
export function consumersReading(subject: string, consumerFilters: readonly (readonly string[])[]): number {
  return consumerFilters.filter(
    (filters) => filters.length === 0 || filters.some((f) => subjectMatches(f, subject)),
  ).length;
}
