// What the on-call engineer should check next, per rule, and the runbook link the config names.
import type { FindingRule } from "@/lib/dto/findings";
import type { AlertsConfig } from "@/lib/config/alerts-schema";

const NEXT_STEP: Record<FindingRule, string> = {
  nats_unreachable:
    "Check the NATS servers are up and reachable from Switchyard (network, TLS, credentials); figures shown are stale until it reconnects.",
  no_active_pullers:
    "Check the worker pool for this consumer is running and connected (deployments, crash loops, credentials); nothing is pulling.",
  consumer_stalled:
    "Open the consumer: if workers are connected but the ack floor stays put, look for a poison message at the floor or workers stuck in a call.",
  backlog_growing:
    "Compare the in-rate with the ack rate on the consumer page: scale the workers or find what slowed them down.",
  oldest_message_age:
    "Peek at the oldest waiting message on the consumer page: is one message stuck (redelivered again and again) or is everything slow?",
  redelivery_rate:
    "Workers are failing, naking or timing out: check the worker logs and the ack wait against the tool's real latency.",
  dead_letters_arriving: "Open Dead letters, group by reason and consumer, fix the cause, then redrive.",
  no_consumer_for_stream:
    "Create the consumer the application expects, or check the service that should create it.",
  no_consumer_for_subject:
    "A subject has messages that no consumer filter matches: add a consumer or fix the filter subjects.",
  stream_near_limit:
    "Raise the stream's limit or speed up consumption before messages are discarded or publishes refused.",
  replica_unhealthy: "Check the cluster: the offline or lagging server's health, disk and network.",
  dlq_capture_down:
    "Read the finding's cause (JetStream limits, domain, permissions): fix it or size Switchyard's streams to the account; dead letters are not captured meanwhile.",
  dlq_capture_behind:
    "Check Switchyard's connection and the DLQ stream's limits: advisories are arriving faster than capture stores them.",
  dead_letters_stranded:
    "Free JetStream storage (the store or account was full, so advisories were lost); the sweep captures them once there is room.",
  jetstream_storage_near_limit:
    "Raise the account's or server's JetStream storage, or shrink the streams that use it, before publishes are refused.",
  tool_latency_near_ack_wait:
    "The tool runs nearly as long as its consumer's ack wait: send in-progress acks (+WPI) while it works, or lengthen the ack wait.",
  tool_duplicate_executions:
    "Requests were delivered again while a worker still had them: make the tool idempotent, send in-progress acks, or lengthen the ack wait.",
  tool_failure_rate:
    "Open the tool's failed calls and their traces: group by reason, fix the tool, then redrive.",
  tool_latency_objective: "Open the tool's slowest calls: check its dependencies and the worker pool's size.",
};

export function nextSteps(rules: readonly FindingRule[]): string[] {
  return [...new Set(rules)].map((r) => NEXT_STEP[r]);
}

/** Per stream first, then per rule (the worst symptom's rule first). */
export function runbookUrl(
  runbooks: AlertsConfig["runbooks"],
  stream: string | undefined,
  rules: readonly FindingRule[],
): string | null {
  if (stream && runbooks.streams[stream]) return runbooks.streams[stream]!;
  for (const rule of rules) if (runbooks.rules[rule]) return runbooks.rules[rule]!;
  return null;
}
