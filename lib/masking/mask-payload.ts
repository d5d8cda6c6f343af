// Pure payload masking: hides values at JSON paths and text matching patterns (emails, phones, API keys).
// Browser-safe and dependency-free, so every feature that shows payloads can call it on the server.
import type { MaskRules } from "@/lib/config/schema";

type Pattern = NonNullable<MaskRules["patterns"]>[number];
type BuiltInPattern = Extract<Pattern, string>;

export type MaskResult = { text: string; masked: number };

const BUILT_IN: Record<BuiltInPattern, RegExp> = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  // International (+ and 8-15 digits) or grouped national numbers; bare digit runs (ids, timestamps) are left alone.
  phone:
    /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}[ .-]\d{2,4}[ .-]\d{2,6}(?![\w])|(?<![\w+])\+\d{8,15}(?!\w)/g,
  // Well-known key shapes: sk-/pk-/rk- style, GitHub, Slack, AWS access keys, JWTs and bearer tokens.
  apiKey:
    /\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abpors]-[A-Za-z0-9-]{10,}|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|\b[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
};

export const MASK = "[masked]";

type CompiledRules = {
  paths: string[][];
  patterns: Array<{ name: string; regex: RegExp }>;
  headers: Set<string>;
};

const compiledCache = new WeakMap<MaskRules, CompiledRules>();

function compile(rules: MaskRules): CompiledRules {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const compiled: CompiledRules = {
    paths: (rules.paths ?? []).map((p) =>
      p
        .replace(/^\$\.?/, "")
        .split(".")
        .filter(Boolean),
    ),
    patterns: (rules.patterns ?? []).map((p) =>
      typeof p === "string"
        ? { name: p, regex: BUILT_IN[p] }
        : { name: p.name, regex: new RegExp(p.regex, "g") },
    ),
    headers: new Set((rules.headers ?? []).map((h) => h.toLowerCase())),
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

function maskText(text: string, rules: CompiledRules, count: { n: number }): string {
  let out = text;
  for (const { name, regex } of rules.patterns) {
    regex.lastIndex = 0;
    out = out.replace(regex, (match) => {
      // An empty match would loop forever on some custom patterns; leave it.
      if (!match) return match;
      count.n++;
      return `[masked:${name}]`;
    });
  }
  return out;
}

function maskPath(value: unknown, path: string[], count: { n: number }): unknown {
  if (path.length === 0) {
    if (value === undefined) return value;
    count.n++;
    return MASK;
  }
  if (value === null || typeof value !== "object") return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    return value.map((item, i) => (head === "*" || head === String(i) ? maskPath(item, rest, count) : item));
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record))
    out[key] = head === "*" || head === key ? maskPath(child, rest, count) : child;
  return out;
}

function maskStrings(value: unknown, rules: CompiledRules, count: { n: number }): unknown {
  if (typeof value === "string") return maskText(value, rules, count);
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, rules, count));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, rules, count)]));
  return value;
}

/**
 * Masks a payload. JSON (object or array) payloads get path rules then pattern rules on every string value,
 * and are re-serialised only when something was masked; any other text gets the pattern rules.
 * `masked` counts the values hidden, so a UI can say "3 values masked".
 */
export function maskPayload(text: string, rules: MaskRules): MaskResult {
  const compiled = compile(rules);
  const count = { n: 0 };
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      let value: unknown = parsed;
      for (const path of compiled.paths) value = maskPath(value, path, count);
      value = maskStrings(value, compiled, count);
      return count.n === 0 ? { text, masked: 0 } : { text: JSON.stringify(value), masked: count.n };
    }
  }
  const masked = maskText(text, compiled, count);
  return { text: masked, masked: count.n };
}

/**
 * Header names whose values are secrets whatever the configuration lists: credentials, cookies, tokens, keys,
 * passwords, signatures. Matched anywhere in the name (`X-Api-Key`, `Set-Cookie`, `X-Auth-Token`).
 */
export const SECRET_HEADER_NAME =
  /auth|cookie|token|secret|passw|pwd|key|credential|session|signature|private|bearer|jwt/i;

/** True when a header's whole value is hidden: listed in `rules.headers`, or secret by its name. */
export function isSecretHeader(name: string, rules: MaskRules): boolean {
  return compile(rules).headers.has(name.toLowerCase()) || SECRET_HEADER_NAME.test(name);
}

/** Masks message headers: listed and secret-named headers whole, patterns in every other value. */
export function maskHeaders(
  headers: Record<string, string[]>,
  rules: MaskRules,
): { headers: Record<string, string[]>; masked: number } {
  const compiled = compile(rules);
  const count = { n: 0 };
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (isSecretHeader(name, rules)) {
      count.n += values.length;
      out[name] = values.map(() => MASK);
    } else {
      out[name] = values.map((v) => maskText(v, compiled, count));
    }
  }
  return { headers: out, masked: count.n };
}
