// Browser-safe shape of a health finding: what is wrong, where, since when, how bad.
export type Severity = "critical" | "warning" | "info";

export type FindingRule =
  | "nats_unreachable"
  | "backlog_growing"
  | "oldest_message_age"
  | "no_active_pullers"
  | "consumer_stalled"
  | "redelivery_rate"
  | "dead_letters_arriving"
  | "no_consumer_for_stream"
  | "no_consumer_for_subject"
  | "stream_near_limit"
  | "replica_unhealthy";

export type Finding = {
  /** Stable across polls: rule + where. */
  id: string;
  rule: FindingRule;
  severity: Severity;
  title: string;
  detail: string;
  where: { stream?: string; consumer?: string; subject?: string };
  /** ISO time the condition was first seen (continuously since). */
  since: string;
  value: number;
  threshold: number;
  unit: string;
  /** Path of the view that explains it, within the environment (e.g. /streams/X/consumers/Y). */
  href: string;
};

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
