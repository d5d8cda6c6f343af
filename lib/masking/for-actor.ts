// Server-side masking policy: which rules apply, and the one call features use before a payload leaves the server.
import "server-only";
import { getConfig } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
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

/**
 * Masks a payload text (and optionally its headers) with the configured rules; `reveal` skips masking (caller
 * audits it).
 */
export function maskForViewer(
  input: { text: string; headers?: Record<string, string[]> },
  reveal = false,
): { text: string; headers: Record<string, string[]>; masked: number } {
  const rules = maskingRules();
  if (!rules || reveal) return { text: input.text, headers: input.headers ?? {}, masked: 0 };
  const payload = maskPayload(input.text, rules);
  const headers = maskHeaders(input.headers ?? {}, rules);
  return { text: payload.text, headers: headers.headers, masked: payload.masked + headers.masked };
}
