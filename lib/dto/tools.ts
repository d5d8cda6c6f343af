// Browser-safe shapes of the per-tool view (lib/tools): one row per tool, one tool's detail, and their queries.
import { z } from "zod";
import { envParams, rangeName } from "./params";

/** Tool names as they appear in a subject token or a header: no whitespace or path separators, bounded. */
export const toolName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\s/\\]+$/, "must be a tool name (no spaces, '/' or '\\')");

export const OUTCOMES = ["ok", "naked", "terminated", "maxDeliveries", "deadLettered", "redriven"] as const;
export type ToolOutcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = Record<ToolOutcome, number>;

export type ToolCounts = OutcomeCounts & {
  requests: number;
  /** Deliveries beyond the first (every cause: NAK, ack wait expiry, a worker that died). */
  redeliveries: number;
  /**
   * Executions beyond the first: redeliveries without a NAK while an earlier delivery was unacked, plus second
   * results for one request id.
   */
  duplicates: number;
  /** Of the duplicates: results beyond the first for one request id (a second execution for certain). */
  extraResults: number;
};

export type ToolSummary = {
  tool: string;
  /** Requests per minute over the window. */
  requestsPerMinute: number;
  /** Delivered and not yet acknowledged, summed over the consumers serving the tool; null without a consumer. */
  inFlight: number | null;
  /** Waiting for a worker (not yet delivered). */
  backlog: number | null;
  oldestWaitingSeconds: number | null;
  consumers: number;
  waitingPulls: number;
  /** The shortest ack wait among the consumers serving the tool. */
  ackWaitSeconds: number | null;
  /** True when a consumer serving this tool also serves others: backlog and workers are shared. */
  sharedConsumers: boolean;
  /**
   * Request → result percentiles over the window (queue wait included), and `serviceP95`: the same calls less the
   * queue wait the polls saw (a call a poll found still waiting counts from that poll) — the time in a worker,
   * which is what an ack wait has to cover.
   */
  latency: {
    p50: number | null;
    p95: number | null;
    p99: number | null;
    samples: number;
    serviceP95: number | null;
  };
  /** Counts over the window. */
  window: ToolCounts;
  /** Counts since Switchyard started watching. */
  total: ToolCounts;
  /** (terminated + max deliveries) ÷ finished calls over the window; null without calls. */
  failureRate: number | null;
  lastSeen: string | null;
};

export const TOOL_SORTS = [
  "tool",
  "requestsPerMinute",
  "inFlight",
  "backlog",
  "oldestWaitingSeconds",
  "p95",
  "p99",
  "failureRate",
  "redeliveries",
  "duplicates",
] as const;
export type ToolSort = (typeof TOOL_SORTS)[number];

export const toolListQuery = z.object({
  q: z.string().max(128).optional(),
  sort: z.enum(TOOL_SORTS, { message: `sort must be one of ${TOOL_SORTS.join(", ")}` }).default("tool"),
  dir: z.enum(["asc", "desc"]).optional(),
  /** Only tools with something to look at: failures, duplicates, backlog. */
  problems: z.enum(["1", "0"]).optional(),
});
export type ToolListQuery = z.infer<typeof toolListQuery>;

export type ToolList = {
  environment: string;
  windowMinutes: number;
  /** When this process began watching tool calls (figures since then; history is restored from JetStream). */
  since: string;
  tools: ToolSummary[];
  /** Tools before the filter. */
  total: number;
  /** Where tool calls are read from, and whether each source is caught up. */
  sources: { stream: string; via: string; state: "building" | "current" | "unavailable"; note?: string }[];
};

export type ToolConsumer = {
  stream: string;
  consumer: string;
  ackWaitSeconds: number;
  maxDeliver: number;
  numPending: number;
  numAckPending: number;
  numWaiting: number;
  oldestWaitingSeconds: number | null;
  /** The consumer also serves other tools. */
  shared: boolean;
};

export type ToolCall = {
  requestId: string | null;
  conversationId: string | null;
  stream: string;
  seq: number;
  /** ISO time the request was stored. */
  time: string;
  latencyMs: number | null;
  outcome: ToolOutcome | "duplicate";
  detail?: string;
};

export type ToolDetail = {
  environment: string;
  windowMinutes: number;
  summary: ToolSummary;
  /** Where its requests are stored (a few subjects per tool): for links to its dead letters and streams. */
  requestSubjects: { stream: string; subject: string }[];
  consumers: ToolConsumer[];
  slowest: ToolCall[];
  failed: ToolCall[];
  /** Dead letters of this tool per dead-letter stream (open = still stored, as far as Switchyard saw). */
  deadLetters: { stream: string; count: number }[];
};

export const TOOL_METRICS = [
  "requestsPerMinute",
  "p50",
  "p95",
  "p99",
  "inFlight",
  "backlog",
  "oldestWaitingSeconds",
  "okPerMinute",
  "nakedPerMinute",
  "terminatedPerMinute",
  "maxDeliveriesPerMinute",
  "deadLetteredPerMinute",
  "redeliveriesPerMinute",
  "duplicatesPerMinute",
] as const;
export type ToolMetric = (typeof TOOL_METRICS)[number];

export const TOOL_METRIC_UNITS: Record<ToolMetric, string> = {
  requestsPerMinute: "/min",
  // Latency history is kept in seconds, so charts label it like every other duration.
  p50: "s",
  p95: "s",
  p99: "s",
  inFlight: "msgs",
  backlog: "msgs",
  oldestWaitingSeconds: "s",
  okPerMinute: "/min",
  nakedPerMinute: "/min",
  terminatedPerMinute: "/min",
  maxDeliveriesPerMinute: "/min",
  deadLetteredPerMinute: "/min",
  redeliveriesPerMinute: "/min",
  duplicatesPerMinute: "/min",
};

export const toolParams = envParams.extend({ tool: toolName });

export const toolSeriesQuery = z.object({
  metric: z.enum(TOOL_METRICS, { message: `metric must be one of ${TOOL_METRICS.join(", ")}` }),
  range: rangeName.default("1h"),
});

/** The charts of a tool's page, in order. */
export const TOOL_CHARTS: readonly { title: string; metric: ToolMetric }[] = [
  { title: "Latency p50", metric: "p50" },
  { title: "Latency p95", metric: "p95" },
  { title: "Latency p99", metric: "p99" },
  { title: "Throughput (requests/min)", metric: "requestsPerMinute" },
  { title: "Backlog", metric: "backlog" },
  { title: "Duplicate executions/min", metric: "duplicatesPerMinute" },
  { title: "NAKs/min", metric: "nakedPerMinute" },
  { title: "Terminated/min", metric: "terminatedPerMinute" },
  { title: "Max deliveries/min", metric: "maxDeliveriesPerMinute" },
  { title: "Dead-lettered/min", metric: "deadLetteredPerMinute" },
];
