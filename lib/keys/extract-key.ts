// Pure: which rule a message falls under, and the conversation id, request id and tool it carries. The one
// extractor for every stream: a dead-letter entry is read by the rule of its original stream and subject.
import type { KeyRule } from "@/lib/config/schema";
import type { TraceRole } from "@/lib/dto/traces";
import { subjectMatches } from "@/lib/core/subjects";
import { CONVERSATION_HEADERS } from "./key-rules";

export type HeaderList = readonly (readonly [string, string])[];

export type ExtractedKey = { conversationId: string | null; requestId: string | null; role: TraceRole };

type Payload = Uint8Array | string | null;
type Message = { subject: string; headers: HeaderList; payload: Payload };
type KeySource = KeyRule["key"];

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
export function jsonField(payload: Payload, field: string): string | null {
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

/** The value a key source points at in one message (null when it is absent or empty). */
export function readSource(source: KeySource, message: Message): string | null {
  let value: string | null;
  if ("subjectToken" in source) value = message.subject.split(".")[source.subjectToken - 1] ?? null;
  else if ("header" in source) value = headerValue(message.headers, source.header);
  else value = jsonField(message.payload, source.jsonField);
  return value || null;
}

export function extractKey(
  rule: KeyRule,
  message: Message,
  requestIdHeaders: readonly string[],
): ExtractedKey {
  return {
    conversationId: readSource(rule.key, message),
    requestId: headerValue(message.headers, requestIdHeaders),
    role: rule.role ?? "other",
  };
}

/** The tool a message concerns, when its rule says where it is; null otherwise (a result: see its request). */
export function extractTool(rule: KeyRule | undefined, message: Message): string | null {
  return rule?.tool ? readSource(rule.tool, message) : null;
}

/** Where a dead-letter entry came from, as its origin headers say, and what it carries. */
export type DeadLetterMessage = {
  originStream: string | null;
  originSubject: string | null;
  headers: HeaderList;
  payload: Payload;
};

const FALLBACK_RULE: KeyRule = { subjects: ">", key: { header: CONVERSATION_HEADERS } };

/**
 * A dead letter's conversation id and tool: by the rule of its original stream and subject (the entry keeps the
 * original's headers and payload, and the subject in its origin headers). An entry whose origin no rule matches
 * falls back to the built-in header list, then a top-level `conversation_id` JSON field.
 */
export function deadLetterKey(
  rules: readonly KeyRule[],
  entry: DeadLetterMessage,
): { conversationId: string | null; tool: string | null } {
  const subject = entry.originSubject ?? "";
  const rule = entry.originSubject ? findRule(rules, entry.originStream ?? "", subject) : undefined;
  const message = { subject, headers: entry.headers, payload: entry.payload };
  if (rule) return { conversationId: readSource(rule.key, message), tool: extractTool(rule, message) };
  return {
    conversationId:
      readSource(FALLBACK_RULE.key, message) ?? readSource({ jsonField: "conversation_id" }, message),
    tool: null,
  };
}
