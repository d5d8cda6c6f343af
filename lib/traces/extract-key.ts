// Pure: which rule a message falls under, and the conversation id and request id it carries.
import type { KeyRule } from "@/lib/config/schema";
import type { TraceRole } from "@/lib/dto/traces";
import { subjectMatches } from "@/lib/core/subjects";

export type HeaderList = readonly (readonly [string, string])[];

export type ExtractedKey = { conversationId: string | null; requestId: string | null; role: TraceRole };

export function findRule(rules: readonly KeyRule[], stream: string, subject: string): KeyRule | undefined {
  return rules.find(
    (rule) => (!rule.stream || rule.stream === stream) && subjectMatches(rule.subjects, subject),
  );
}

/** Header lookup is case-insensitive (HTTP-style names travel through proxies and SDKs with varying case). */
export function headerValue(headers: HeaderList, names: readonly string[]): string | null {
  for (const name of names) {
    const lower = name.toLowerCase();
    const found = headers.find(([key]) => key.toLowerCase() === lower);
    if (found && found[1] !== "") return found[1];
  }
  return null;
}

/** Reads a top-level or dotted JSON field ("conversation_id", "meta.conversation_id"); null for anything not JSON. */
export function jsonField(payload: Uint8Array | string | null, field: string): string | null {
  if (payload === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(
      typeof payload === "string" ? payload : new TextDecoder("utf-8", { fatal: true }).decode(payload),
    );
  } catch {
    return null;
  }
  for (const part of field.split(".")) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

export function extractKey(
  rule: KeyRule,
  message: { subject: string; headers: HeaderList; payload: Uint8Array | string | null },
  requestIdHeaders: readonly string[],
): ExtractedKey {
  let conversationId: string | null = null;
  if ("subjectToken" in rule.key)
    conversationId = message.subject.split(".")[rule.key.subjectToken - 1] ?? null;
  else if ("header" in rule.key) conversationId = headerValue(message.headers, rule.key.header);
  else conversationId = jsonField(message.payload, rule.key.jsonField);
  return {
    conversationId: conversationId || null,
    requestId: headerValue(message.headers, requestIdHeaders),
    role: rule.role ?? "other",
  };
}
