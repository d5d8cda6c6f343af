// NATS subject pattern matching and the literal filter a subject-keyed rule gives for one conversation id.

/** True when `subject` matches `pattern` (`*` one token, `>` one or more trailing tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== "*" && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when some subject could match both patterns (used to pick the streams a rule concerns). */
export function patternsOverlap(a: string, b: string): boolean {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === ">" || y[i] === ">") return i < x.length && i < y.length;
    if (x[i] === undefined || y[i] === undefined) return false;
    if (x[i] !== "*" && y[i] !== "*" && x[i] !== y[i]) return false;
  }
  return true;
}

/**
 * The filter subject that holds conversation `id` under a subject-keyed rule: the key token replaced by the id.
 * The id has already been validated as one literal token, so it never widens the filter.
 */
export function subjectFilterFor(pattern: string, token: number, id: string): string {
  const tokens = pattern.split(".");
  if (token > tokens.length || tokens[token - 1] === ">") throw new Error(`key token ${token} is not a single token of ${pattern}`);
  tokens[token - 1] = id;
  return tokens.join(".");
}
