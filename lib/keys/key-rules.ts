// Conversation key rules: the defaults that match the simulator's layout, merged with the config file's
// `traces` section. Every stream is read through these rules, dead-letter streams included.
import type { KeyRule, TracesSettings } from "@/lib/config/schema";
import { HEADERS } from "@/lib/dto/message-headers";

/**
 * Header names that commonly carry a conversation id (ours, OpenTelemetry gen_ai / messaging styles, and x-
 * variants).
 */
export const CONVERSATION_HEADERS = [
  HEADERS.conversationId,
  "gen_ai.conversation.id",
  "messaging.message.conversation_id",
  "X-Conversation-Id",
  "conversation_id",
];

/** The default rules: the built-in header list is only what the request rule looks at when nothing is configured. */
export const DEFAULT_KEY_RULES: KeyRule[] = [
  { subjects: "conversations.*.messages", key: { subjectToken: 2 }, role: "conversation" },
  { subjects: "tools.result.*", key: { subjectToken: 3 }, role: "result" },
  {
    subjects: "tools.execute.>",
    key: { header: CONVERSATION_HEADERS },
    tool: { subjectToken: 3 },
    role: "request",
  },
];

export type TraceSettings = {
  keyRules: KeyRule[];
  requestIdHeaders: string[];
  traceLinkTemplate: string | null;
  stuckAfterSeconds: number;
  indexMaxMessages: number;
  indexMaxAgeMinutes: number;
};

export function traceSettings(configured: TracesSettings = {}): TraceSettings {
  return {
    keyRules: configured.keyRules ?? DEFAULT_KEY_RULES,
    requestIdHeaders: configured.requestIdHeaders ?? [HEADERS.requestId],
    traceLinkTemplate: configured.traceLinkTemplate ?? null,
    stuckAfterSeconds: configured.stuckAfterSeconds ?? 60,
    indexMaxMessages: configured.indexMaxMessages ?? 1_000_000,
    indexMaxAgeMinutes: configured.indexMaxAgeMinutes ?? 24 * 60,
  };
}

export const isSubjectKeyed = (rule: KeyRule): rule is KeyRule & { key: { subjectToken: number } } =>
  "subjectToken" in rule.key;

/** A rule that needs message payloads (a JSON field), so its streams cannot be read headers-only. */
export const needsPayload = (rule: KeyRule): boolean =>
  "jsonField" in rule.key || "jsonField" in (rule.tool ?? {});

/** One rule in words, for help text: "tools.execute.> — header Conversation-Id (or gen_ai.conversation.id …)". */
export function describeKeyRule(rule: KeyRule): string {
  const key = rule.key;
  const where =
    "subjectToken" in key
      ? `subject token ${key.subjectToken}`
      : "header" in key
        ? `header ${key.header.slice(0, 2).join(" or ")}${key.header.length > 2 ? " …" : ""}`
        : `JSON field ${key.jsonField}`;
  return `${rule.subjects}${rule.stream ? ` in ${rule.stream}` : ""} — ${where}`;
}
