// NATS subject rules shared by browser and server: validation (publish targets, filters) and wildcard matching.
import { z } from "zod";

function hasSpaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return /\s/.test(text);
}

/** Why a subject cannot be a publish target, or undefined when it can. */
export function publishSubjectProblem(subject: string): string | undefined {
  if (subject.length === 0) return "must not be empty";
  if (subject.length > 1024) return "must be at most 1024 characters";
  if (hasSpaceOrControl(subject)) return "must not contain spaces or control characters";
  if (/[*>]/.test(subject)) return "must not contain wildcards (* or >)";
  if (subject.split(".").some((token) => token.length === 0))
    return "must not have empty tokens (a leading, trailing or doubled '.')";
  if (/^\$(JS|SYS|KV|O)\./i.test(subject) || /^_INBOX\./.test(subject))
    return "must not be a system subject ($JS., $SYS., $KV., $O., _INBOX.)";
  return undefined;
}

/** Why a subject filter (wildcards allowed) is malformed, or undefined. */
export function subjectFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return "must not be empty";
  if (hasSpaceOrControl(filter)) return "must not contain spaces or control characters";
  const tokens = filter.split(".");
  for (const [i, token] of tokens.entries()) {
    if (token.length === 0) return "must not have empty tokens";
    if (token.includes(">") && (token !== ">" || i !== tokens.length - 1))
      return "may use '>' only as the last token";
    if (token.includes("*") && token !== "*") return "may use '*' only as a whole token";
  }
  return undefined;
}

/** A subject filter typed by a user (the one schema every route and form uses): `*` one token, `>` last only. */
export const subjectFilter = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(1024, "must be at most 1024 characters")
  .superRefine((value, ctx) => {
    const problem = subjectFilterProblem(value);
    if (problem)
      ctx.addIssue({ code: "custom", message: `${problem} (a NATS subject filter such as tools.result.*)` });
  });

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

/**
 * subjectMatches compiled for one pattern, for hot paths (a message stream): a pattern of literal tokens and a
 * trailing `>` or `*` is a prefix test; anything else falls back to subjectMatches.
 */
export function subjectMatcher(pattern: string): (subject: string) => boolean {
  const tokens = pattern.split(".");
  const last = tokens.at(-1);
  const literal = tokens.slice(0, -1);
  if (literal.every((t) => t !== "*" && t !== ">") && (last === ">" || last === "*")) {
    const prefix = literal.length ? `${literal.join(".")}.` : "";
    if (last === ">") return (subject) => subject.length > prefix.length && subject.startsWith(prefix);
    return (subject) =>
      subject.length > prefix.length && subject.startsWith(prefix) && !subject.includes(".", prefix.length);
  }
  if (tokens.every((t) => t !== "*" && t !== ">")) return (subject) => subject === pattern;
  return (subject) => subjectMatches(pattern, subject);
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
