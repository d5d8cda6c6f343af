// Browser-safe types and schemas of conversation traces: the id rule, timeline DTOs, list filters.
import { z } from "zod";

/** An id must stay one literal subject token: no wildcards, no token separator, no whitespace or control characters. */
export const conversationId = z
  .string()
  .min(1, "must not be empty")
  .max(256, "must be at most 256 characters")
  .refine(
    (id) => !/[*>.\s\p{Cc}]/u.test(id),
    "must not contain '*', '>', '.', spaces or control characters (they would turn the lookup into a subject wildcard)",
  )
  .refine((id) => !/[/\\%]/.test(id), "must not contain '/', '\\' or '%'");

export type TraceRole = "conversation" | "request" | "result" | "dead_letter" | "other";
export const conversationStatusSchema = z.enum(["done", "waiting", "failed", "dlq"]);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export type TracePayload = { kind: "json" | "text" | "binary" | "missing"; text: string; truncated: boolean };

/** One message that belongs to a conversation, from a stream read or from the index. */
export type TraceMessage = {
  stream: string;
  seq: number;
  subject: string;
  time: string;
  size: number;
  role: TraceRole;
  headers: [string, string][];
  payload: TracePayload;
  /** "index": known from the headers-only index (the payload may be gone, e.g. acked off a work queue). */
  source: "stream" | "index";
};

export type MarkerKind =
  "nak" | "redelivered" | "max_deliveries" | "terminated" | "dead_lettered" | "redriven" | "waiting";

export type TraceMarker = {
  kind: MarkerKind;
  lane: string;
  time: string;
  label: string;
  requestId?: string;
  /** A dead-letter entry this marker concerns: /[env]/dead-letters?stream=…&seq=… */
  deadLetter?: { stream: string; seq: number };
};

export type TraceMark = TraceMessage & {
  id: string;
  lane: string;
  label: string;
  requestId?: string;
  tool?: string;
};

export type TracePair = {
  requestId: string;
  tool: string;
  lane: string;
  start: string;
  end: string | null;
  latencyMs: number | null;
  waitingMs: number | null;
  attempts: number;
  status: ConversationStatus;
};

export type TraceLane = { id: string; label: string };

export type SearchedSource = {
  stream: string;
  how: "subject" | "index" | "dead-letter index" | "advisories";
  filter: string;
  since: string | null;
  note?: string;
};

export type Timeline = {
  conversationId: string;
  status: ConversationStatus;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  counts: { messages: number; tools: number; failures: number };
  lanes: TraceLane[];
  marks: TraceMark[];
  pairs: TracePair[];
  markers: TraceMarker[];
  traceparent: string | null;
  traceLink: string | null;
  searched: SearchedSource[];
  generatedAt: string;
};

export type IndexSourceStatus = {
  stream: string;
  via: string;
  state: "building" | "current" | "unavailable";
  indexed: number;
  pending: number;
  note?: string;
};
export type IndexStatus = {
  entries: number;
  conversations: number;
  maxEntries: number;
  maxAgeMinutes: number;
  oldest: string | null;
  sources: IndexSourceStatus[];
};

export type ConversationSummary = {
  conversationId: string;
  status: ConversationStatus;
  startedAt: string | null;
  durationMs: number | null;
  messages: number;
  tools: number;
  failures: number;
  /** Longest wait of a request without a result, when one is waiting. */
  waitingMs: number | null;
};

export const conversationListQuery = z.object({
  q: z.string().max(256).optional(),
  status: conversationStatusSchema.optional(),
  stuck: z.enum(["1"]).optional(),
  stuckAfter: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export type ConversationList = {
  conversations: ConversationSummary[];
  scanned: number;
  stuckAfterSeconds: number;
  index: IndexStatus;
};
