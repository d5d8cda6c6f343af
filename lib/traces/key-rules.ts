// Conversation key rules: the defaults that match the simulator's layout, merged with the config file's
// `traces` section.
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

export const DEFAULT_KEY_RULES: KeyRule[] = [
  { subjects: "conversations.*.messages", key: { subjectToken: 2 }, role: "conversation" },
  { subjects: "tools.result.*", key: { subjectToken: 3 }, role: "result" },
  { subjects: "tools.execute.>", key: { header: CONVERSATION_HEADERS }, role: "request" },
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
