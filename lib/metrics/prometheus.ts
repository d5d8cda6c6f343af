// Renders the collectors' latest overviews in Prometheus text format: one gauge per figure, labelled by
// environment, stream, consumer (and subject), plus the collector's own poll cost.
import { Gauge, Registry } from "prom-client";
import type { Overview } from "@/lib/dto/overview";

type Labels = Record<string, string>;
type Sample = [labels: Labels, value: number | null | undefined];

const NS = "switchyard";

/** Every metric this endpoint exposes, with its help text (documented in docs/api.md). */
export const METRIC_HELP = {
  nats_connected: "1 when the environment's NATS connection is up",
  collector_poll_duration_seconds: "Wall time of the last poll",
  collector_poll_requests: "JetStream API requests made by the last poll",
  collector_polls_total: "Polls attempted since start",
  collector_poll_errors_total: "Polls that failed since start",
  collector_skipped_ticks_total: "Ticks skipped because the previous poll was still running",
  collector_last_poll_timestamp_seconds: "Unix time of the last successful poll",
  collector_stale: "1 when the figures are from an earlier poll because the last one failed",
  stream_messages: "Messages stored in the stream",
  stream_bytes: "Bytes stored in the stream",
  stream_subjects: "Distinct subjects stored in the stream",
  stream_consumers: "Consumers of the stream",
  stream_in_rate_messages_per_second: "New messages per second (last_seq growth)",
  stream_limit_use_ratio: "Fraction of a stream limit in use (limit=messages|bytes|age)",
  subject_messages: "Messages stored on a subject (streams with a bounded subject count)",
  subject_consumers: "Consumers whose filter matches the subject",
  consumer_pending_messages: "Messages not yet delivered to the consumer",
  consumer_ack_pending_messages: "Messages delivered and not yet acknowledged",
  consumer_waiting_pulls: "Outstanding pull requests",
  consumer_redelivered_messages: "Messages redelivered and not yet acknowledged",
  consumer_backlog_messages: "Pending plus ack pending",
  consumer_out_rate_acks_per_second: "Ack floor progress per second",
  consumer_redelivery_rate_per_second: "Growth of num_redelivered per second",
  consumer_idle_seconds: "Seconds since the last delivery",
  consumer_eta_seconds: "Backlog divided by the ack rate",
  consumer_oldest_unprocessed_age_seconds: "Age of the first unprocessed message after the ack floor",
  consumer_stalled_polls: "Consecutive polls with backlog and an unmoved ack floor",
  consumer_paused: "1 when the consumer is paused",
  consumer_advisories_last_poll:
    "NAK / MAX_DELIVERIES / TERMINATED advisories since the previous poll (kind label)",
  findings: "Open health findings by severity",
  finding_open:
    "1 for each open health finding (labels rule, severity and where: stream, consumer, subject, tool)",
} as const;

export async function renderPrometheus(
  overviews: Overview[],
): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const gauge = (name: keyof typeof METRIC_HELP, samples: Sample[]) => {
    const labelNames = [...new Set(samples.flatMap(([labels]) => Object.keys(labels)))];
    const g = new Gauge({
      name: `${NS}_${name}`,
      help: METRIC_HELP[name],
      labelNames,
      registers: [registry],
    });
    for (const [labels, value] of samples)
      if (value !== null && value !== undefined && Number.isFinite(value)) g.set(labels, value);
  };
  const envs = overviews.map((o) => ({ o, env: { environment: o.environment } }));
  const streams = envs.flatMap(({ o, env }) => o.streams.map((s) => ({ s, l: { ...env, stream: s.name } })));
  const consumers = streams.flatMap(({ s, l }) =>
    s.consumers.map((c) => ({ c, l: { ...l, consumer: c.name } })),
  );
  const subjects = streams.flatMap(({ s, l }) =>
    (s.subjectDepths ?? []).map((d) => ({ d, l: { ...l, subject: d.subject } })),
  );

  gauge(
    "nats_connected",
    envs.map(({ o, env }) => [env, o.connection.state === "connected" ? 1 : 0]),
  );
  gauge(
    "collector_poll_duration_seconds",
    envs.map(({ o, env }) => [env, o.poll.durationMs === null ? null : o.poll.durationMs / 1000]),
  );
  gauge(
    "collector_poll_requests",
    envs.map(({ o, env }) => [env, o.poll.requests]),
  );
  gauge(
    "collector_polls_total",
    envs.map(({ o, env }) => [env, o.poll.pollsTotal]),
  );
  gauge(
    "collector_poll_errors_total",
    envs.map(({ o, env }) => [env, o.poll.errorsTotal]),
  );
  gauge(
    "collector_skipped_ticks_total",
    envs.map(({ o, env }) => [env, o.poll.skippedTicks]),
  );
  gauge(
    "collector_last_poll_timestamp_seconds",
    envs.map(({ o, env }) => [env, o.poll.polledAt ? Date.parse(o.poll.polledAt) / 1000 : null]),
  );
  gauge(
    "collector_stale",
    envs.map(({ o, env }) => [env, o.poll.stale ? 1 : 0]),
  );

  gauge(
    "stream_messages",
    streams.map(({ s, l }) => [l, s.messages]),
  );
  gauge(
    "stream_bytes",
    streams.map(({ s, l }) => [l, s.bytes]),
  );
  gauge(
    "stream_subjects",
    streams.map(({ s, l }) => [l, s.subjectCount]),
  );
  gauge(
    "stream_consumers",
    streams.map(({ s, l }) => [l, s.consumerCount]),
  );
  gauge(
    "stream_in_rate_messages_per_second",
    streams.map(({ s, l }) => [l, s.inRate]),
  );
  gauge(
    "stream_limit_use_ratio",
    streams.flatMap(({ s, l }) =>
      (["messages", "bytes", "age"] as const).map((limit): Sample => [{ ...l, limit }, s.limitUse[limit]]),
    ),
  );
  gauge(
    "subject_messages",
    subjects.map(({ d, l }) => [l, d.messages]),
  );
  gauge(
    "subject_consumers",
    subjects.map(({ d, l }) => [l, d.consumers]),
  );

  gauge(
    "consumer_pending_messages",
    consumers.map(({ c, l }) => [l, c.numPending]),
  );
  gauge(
    "consumer_ack_pending_messages",
    consumers.map(({ c, l }) => [l, c.numAckPending]),
  );
  gauge(
    "consumer_waiting_pulls",
    consumers.map(({ c, l }) => [l, c.numWaiting]),
  );
  gauge(
    "consumer_redelivered_messages",
    consumers.map(({ c, l }) => [l, c.numRedelivered]),
  );
  gauge(
    "consumer_backlog_messages",
    consumers.map(({ c, l }) => [l, c.backlog]),
  );
  gauge(
    "consumer_out_rate_acks_per_second",
    consumers.map(({ c, l }) => [l, c.outRate]),
  );
  gauge(
    "consumer_redelivery_rate_per_second",
    consumers.map(({ c, l }) => [l, c.redeliveryRate]),
  );
  gauge(
    "consumer_idle_seconds",
    consumers.map(({ c, l }) => [l, c.idleSeconds]),
  );
  gauge(
    "consumer_eta_seconds",
    consumers.map(({ c, l }) => [l, c.etaSeconds]),
  );
  gauge(
    "consumer_oldest_unprocessed_age_seconds",
    consumers.map(({ c, l }) => [l, c.oldestUnprocessedAgeSeconds ?? 0]),
  );
  gauge(
    "consumer_stalled_polls",
    consumers.map(({ c, l }) => [l, c.stalledPolls]),
  );
  gauge(
    "consumer_paused",
    consumers.map(({ c, l }) => [l, c.paused ? 1 : 0]),
  );
  gauge(
    "consumer_advisories_last_poll",
    consumers.flatMap(({ c, l }) =>
      c.advisories
        ? (["naked", "maxDeliveries", "terminated"] as const).map((kind): Sample => [
            { ...l, kind },
            c.advisories![kind],
          ])
        : [],
    ),
  );
  gauge(
    "findings",
    envs.flatMap(({ o, env }) =>
      (["critical", "warning", "info"] as const).map((severity): Sample => [
        { ...env, severity },
        o.findings.filter((f) => f.severity === severity).length,
      ]),
    ),
  );
  // Every finding as a series, so any rule (also those no other series expresses) can be alerted on by name.
  gauge(
    "finding_open",
    envs.flatMap(({ o, env }) =>
      o.findings.map((f): Sample => [
        {
          ...env,
          rule: f.rule,
          severity: f.severity,
          stream: f.where.stream ?? "",
          consumer: f.where.consumer ?? "",
          subject: f.where.subject ?? "",
          tool: f.where.tool ?? "",
        },
        1,
      ]),
    ),
  );
  return { body: await registry.metrics(), contentType: registry.contentType };
}

// ---- Per-tool metrics (lib/tools feeds them; kept apart from the stream and consumer gauges above) ----

/** One tool's counters since Switchyard started watching, and its latency histogram. */
export type ToolMetricsSample = {
  environment: string;
  tool: string;
  /** Counts by outcome: ok, nak, terminated, max_deliveries, dead_lettered, redriven, duplicate_execution. */
  outcomes: Record<string, number>;
  redeliveries: number;
  /** Upper bounds in seconds and the count in each bucket (not cumulative); one more count for +Inf. */
  latency: { bounds: readonly number[]; counts: ArrayLike<number>; sum: number; count: number };
};

export const TOOL_METRIC_HELP = {
  tool_requests_total: "Tool calls by outcome since Switchyard started watching (outcome label)",
  tool_redeliveries_total: "Deliveries of a tool's requests beyond the first",
  tool_latency_seconds: "Request to result latency of tool calls, paired by request id",
} as const;

const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(",");

/** Prometheus text for the tools: a counter by outcome, redeliveries, and a latency histogram with `le` buckets. */
export function renderToolMetrics(samples: readonly ToolMetricsSample[]): string {
  if (samples.length === 0) return "";
  const lines: string[] = [];
  const head = (name: keyof typeof TOOL_METRIC_HELP, type: string) =>
    lines.push(`# HELP ${NS}_${name} ${TOOL_METRIC_HELP[name]}`, `# TYPE ${NS}_${name} ${type}`);
  head("tool_requests_total", "counter");
  for (const s of samples)
    for (const [outcome, value] of Object.entries(s.outcomes))
      lines.push(
        `${NS}_tool_requests_total{${labelText({ environment: s.environment, tool: s.tool, outcome })}} ${value}`,
      );
  head("tool_redeliveries_total", "counter");
  for (const s of samples)
    lines.push(
      `${NS}_tool_redeliveries_total{${labelText({ environment: s.environment, tool: s.tool })}} ${s.redeliveries}`,
    );
  head("tool_latency_seconds", "histogram");
  for (const s of samples) {
    const labels = { environment: s.environment, tool: s.tool };
    let cumulative = 0;
    s.latency.bounds.forEach((bound, i) => {
      cumulative += s.latency.counts[i] ?? 0;
      lines.push(
        `${NS}_tool_latency_seconds_bucket{${labelText({ ...labels, le: String(bound) })}} ${cumulative}`,
      );
    });
    lines.push(
      `${NS}_tool_latency_seconds_bucket{${labelText({ ...labels, le: "+Inf" })}} ${s.latency.count}`,
      `${NS}_tool_latency_seconds_sum{${labelText(labels)}} ${s.latency.sum}`,
      `${NS}_tool_latency_seconds_count{${labelText(labels)}} ${s.latency.count}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
