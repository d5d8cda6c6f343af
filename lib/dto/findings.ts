// Browser-safe shape of a health finding: what is wrong, where, since when, how bad.
export type Severity = "critical" | "warning" | "info";

/** Every health rule, in the order docs list them. */
export const FINDING_RULES = [
  "nats_unreachable",
  "backlog_growing",
  "oldest_message_age",
  "no_active_pullers",
  "consumer_stalled",
  "redelivery_rate",
  "dead_letters_arriving",
  "no_consumer_for_stream",
  "no_consumer_for_subject",
  "stream_near_limit",
  "replica_unhealthy",
  // One of Switchyard's own services cannot run (lib/metrics/service-problems.ts).
  "dlq_capture_down",
  "dlq_capture_behind",
  "dead_letters_stranded",
  "jetstream_storage_near_limit",
  // A tool (lib/metrics/health-rules.ts, toolFindings).
  "tool_latency_near_ack_wait",
  "tool_duplicate_executions",
  "tool_failure_rate",
  "tool_latency_objective",
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export type Finding = {
  /** Stable across polls: rule + where. */
  id: string;
  rule: FindingRule;
  severity: Severity;
  title: string;
  detail: string;
  where: { stream?: string; consumer?: string; subject?: string; tool?: string };
  /** ISO time the condition was first seen (continuously since). */
  since: string;
  value: number;
  threshold: number;
  unit: string;
  /** Path of the view that explains it, within the environment (e.g. /streams/X/consumers/Y). */
  href: string;
};

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
