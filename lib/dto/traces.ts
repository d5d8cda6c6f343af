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
export const conversationStatusSchema = z.enum(["done", "waiting", "redriven", "failed", "dlq"]);
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
  /** A dead-letter entry this marker concerns: its page /[env]/dead-letters/{stream}/{seq}. */
  deadLetter?: { stream: string; seq: number };
  /** On a dead letter: it was redriven since (the trace saw the redriven message). */
  redriven?: boolean;
  /** On a redrive: what became of the redriven message so far. */
  outcome?: RedriveOutcome;
};

/** What a redriven message led to: a result, an ack off its work queue, another dead letter, or nothing yet. */
export type RedriveOutcome = "result" | "acked" | "dead_lettered" | "waiting";

export type TraceMark = TraceMessage & {
  id: string;
  lane: string;
  label: string;
  requestId?: string;
  tool?: string;
  /** A redriven request: the dead-letter entry it was redriven from. */
  redrivenFrom?: { stream: string; seq: number };
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
  /** The call was redriven from a DLQ: its latency runs from the redriven attempt. */
  redriven: boolean;
};

export type TraceLane = { id: string; label: string };

export type SearchedSource = {
  stream: string;
  how: "subject" | "index" | "dead-letter index" | "advisories" | "stored messages";
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
  /** For a source that is unavailable: the exact configuration change that makes it available. */
  fix?: string;
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
