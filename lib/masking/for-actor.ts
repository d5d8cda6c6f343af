// The one masking point (docs/architecture.md §12): decides, from the configured rules and an audited reveal,
// which payload bytes and header values leave the server.
import "server-only";
import { getConfig } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { maskHeaders, maskPayload } from "./mask-payload";
import type { MaskRules } from "@/lib/config/schema";

/** The configured rules, or null when masking is switched off. */
export function maskingRules(): MaskRules | null {
  const { masking } = getConfig();
  return masking.enabled ? masking.rules : null;
}

/** Only operators and admins may see originals, and only through an audited reveal. */
export function canReveal(actor: Actor): boolean {
  return actor.role === "operator" || actor.role === "admin";
}

declare const revealBrand: unique symbol;

/**
 * What a caller may show: `MASKED` (everyone, by default), or an operator's reveal. A reveal is made only by
 * `withAuditedReveal` (lib/audit), which stores the audit record before the value it reads is returned.
 */
export type Disclosure =
  { readonly reveal: false } | { readonly reveal: true; readonly [revealBrand]: Actor };

export const MASKED: Disclosure = Object.freeze({ reveal: false });

/** For `withAuditedReveal` only: refuses (403) an actor who may not reveal. */
export function revealDisclosure(actor: Actor): Disclosure {
  if (!canReveal(actor)) throw new AppError("forbidden", "only operators and admins may reveal payloads");
  return Object.freeze({ reveal: true }) as Disclosure;
}

export type DisclosedMessage = {
  /** The bytes that may leave: masked text, the original when revealed, null when withheld. */
  data: Uint8Array | null;
  headers: [string, string][];
  /** Values hidden (payload and headers). */
  masked: number;
  revealed: boolean;
  /** A binary (non UTF-8) payload: masking cannot see inside it, so it is not shown unless revealed. */
  withheld: boolean;
};

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function utf8(data: Uint8Array): string | null {
  try {
    return strictUtf8.decode(data);
  } catch {
    return null;
  }
}

/**
 * The one function every path that sends payload bytes or header values to a client goes through: API JSON,
 * downloads, exports, server-rendered pages and generated commands. Text payloads are masked whole (before any
 * preview cut, so a secret cannot straddle the cut); binary payloads are withheld; headers listed in the
 * configuration or secret by name (authorization, cookie, token, key, secret, password…) are hidden whole, and
 * patterns are masked in the other values.
 */
export function discloseMessage(
  input: { data: Uint8Array; headers?: Iterable<[string, string]> },
  disclosure: Disclosure = MASKED,
): DisclosedMessage {
  const pairs = [...(input.headers ?? [])];
  const rules = maskingRules();
  if (!rules || disclosure.reveal)
    return { data: input.data, headers: pairs, masked: 0, revealed: disclosure.reveal, withheld: false };
  const headers = maskHeaderPairs(pairs, rules);
  const text = utf8(input.data);
  if (text === null)
    return {
      data: null,
      headers: headers.pairs,
      masked: headers.masked + 1,
      revealed: false,
      withheld: input.data.length > 0,
    };
  const payload = maskPayload(text, rules);
  return {
    data: payload.masked === 0 ? input.data : new TextEncoder().encode(payload.text),
    headers: headers.pairs,
    masked: payload.masked + headers.masked,
    revealed: false,
    withheld: false,
  };
}

function maskHeaderPairs(pairs: [string, string][], rules: MaskRules) {
  let masked = 0;
  const out = pairs.map(([name, value]): [string, string] => {
    const result = maskHeaders({ [name]: [value] }, rules);
    masked += result.masked;
    return [name, Object.values(result.headers)[0]![0]!];
  });
  return { pairs: out, masked };
}

/** Header pairs only (a headers-only view such as a trace from the index). */
export function discloseHeaders(
  headers: Iterable<[string, string]>,
  disclosure: Disclosure = MASKED,
): [string, string][] {
  return discloseMessage({ data: new Uint8Array(), headers }, disclosure).headers;
}

/** A header-derived text shown on its own (a dead-letter reason), masked by the patterns. */
export function discloseText(text: string | null): string | null {
  if (text === null) return null;
  const data = discloseMessage({ data: new TextEncoder().encode(text) }).data;
  return data === null ? "" : new TextDecoder().decode(data);
}

/**
 * The text a payload search may look at: the masked text, so a search never confirms what masking hides (null for
 * a withheld binary payload, which no text search matches).
 */
export function searchableText(data: Uint8Array): string | null {
  const disclosed = discloseMessage({ data });
  return disclosed.data === null ? null : new TextDecoder("utf-8", { fatal: false }).decode(disclosed.data);
}
