// Which cause a finding belongs to: one consumer, one stream, its dead-letter arrivals, or the NATS connection.
import type { Finding, FindingRule } from "@/lib/dto/findings";
import type { IncidentKind } from "@/lib/dto/incidents";

export type Cause = { key: string; kind: IncidentKind; where: Finding["where"] };

const CONSUMER_RULES: ReadonlySet<FindingRule> = new Set([
  "no_active_pullers",
  "consumer_stalled",
  "backlog_growing",
  "oldest_message_age",
  "redelivery_rate",
]);

/** Switchyard's own services (lib/metrics/service-problems.ts): one incident per problem. */
const SERVICE_RULES: ReadonlySet<FindingRule> = new Set([
  "dlq_capture_down",
  "dlq_capture_behind",
  "dead_letters_stranded",
  "jetstream_storage_near_limit",
]);

export const consumerCause = (stream: string, consumer: string) => `consumer:${stream}/${consumer}`;

export function causeOf(f: Finding): Cause {
  const { stream, consumer } = f.where;
  if (f.rule === "nats_unreachable") return { key: "nats", kind: "nats", where: {} };
  if (SERVICE_RULES.has(f.rule)) return { key: `service:${f.rule}`, kind: "service", where: {} };
  if (f.where.tool) return { key: `tool:${f.where.tool}`, kind: "tool", where: { tool: f.where.tool } };
  if (f.rule === "dead_letters_arriving" && stream)
    return { key: `dead_letters:${stream}`, kind: "dead_letters", where: { stream } };
  if (CONSUMER_RULES.has(f.rule) && stream && consumer)
    return { key: consumerCause(stream, consumer), kind: "consumer", where: { stream, consumer } };
  if (stream) return { key: `stream:${stream}`, kind: "stream", where: { stream } };
  return { key: `rule:${f.rule}`, kind: "stream", where: {} };
}

/** Short words for the title, per rule (the worst symptom names the incident). */
const HEADLINE: Record<FindingRule, string> = {
  nats_unreachable: "NATS unreachable",
  no_active_pullers: "no workers pulling",
  consumer_stalled: "stalled",
  backlog_growing: "backlog growing",
  oldest_message_age: "messages waiting too long",
  redelivery_rate: "high redelivery rate",
  dead_letters_arriving: "dead letters arriving",
  no_consumer_for_stream: "nobody consumes it",
  no_consumer_for_subject: "a subject nobody reads",
  stream_near_limit: "filling up",
  replica_unhealthy: "replica unhealthy",
  dlq_capture_down: "dead-letter capture is not running",
  dlq_capture_behind: "dead-letter capture is falling behind",
  dead_letters_stranded: "dead letters left uncaptured",
  jetstream_storage_near_limit: "JetStream storage near its limit",
  tool_latency_near_ack_wait: "latency near ack wait (duplicate executions likely)",
  tool_duplicate_executions: "duplicate executions",
  tool_failure_rate: "failing calls",
  tool_latency_objective: "slower than its objective",
};

export function incidentTitle(cause: Cause, worst: FindingRule): string {
  const { stream, consumer } = cause.where;
  if (cause.kind === "nats") return "NATS unreachable";
  if (cause.kind === "dead_letters") return `Dead letters arriving in ${stream}`;
  if (cause.kind === "tool") return `Tool ${cause.where.tool}: ${HEADLINE[worst]}`;
  if (cause.kind === "service") return `Switchyard: ${HEADLINE[worst]}`;
  if (cause.kind === "consumer") return `${consumer} on stream ${stream}: ${HEADLINE[worst]}`;
  return stream ? `Stream ${stream}: ${HEADLINE[worst]}` : HEADLINE[worst];
}
