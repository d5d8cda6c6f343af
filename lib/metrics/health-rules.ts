// Health rules: pure evaluation of one poll (plus history look-backs) into findings that say what, where, how bad.
import type { ConnectionStatus } from "@/lib/dto/connection";
import { isDeadLetterStream } from "@/lib/dto/dead-letter-streams";
import type { Finding, Severity } from "@/lib/dto/findings";
import type { ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import type { ToolSummary } from "@/lib/dto/tools";
import { isOwnStream } from "@/lib/dto/switchyard-owned";
import { formatCount, formatDuration, formatMillis as ms, formatRate } from "@/lib/core/format";
import type { HealthThresholds } from "@/lib/config/health-schema";
import { consumerKey, consumerSeriesKey, streamSeriesKey } from "@/lib/core/series-keys";
import { missingNodeFindings, replicaFindings } from "./replica-rules";

export type RawFinding = Omit<Finding, "since">;

export type HealthInput = {
  connection: ConnectionStatus;
  streams: StreamSummary[];
  deadLetterStreams: readonly string[];
  thresholds: (stream?: string, consumer?: string) => HealthThresholds;
  /** A series' value `agoMs` before the latest poll (null when no sample exists then). */
  valueAgo: (key: string, agoMs: number) => number | null;
};

const streamHref = (s: string) => `/streams/${encodeURIComponent(s)}`;
const consumerHref = (s: string, c: string) => `${streamHref(s)}/consumers/${encodeURIComponent(c)}`;

function consumerFindings(s: StreamSummary, c: ConsumerSummary, input: HealthInput): RawFinding[] {
  // Ephemeral consumers (ordered readers, CLI sessions, Switchyard's own tails) are not work queues.
  if (!c.durable) return [];
  const t = input.thresholds(s.name, c.name);
  const where = { stream: s.name, consumer: c.name };
  const href = consumerHref(s.name, c.name);
  const at = consumerKey(s.name, c.name);
  const out: RawFinding[] = [];
  const key = consumerSeriesKey(s.name, c.name, "backlog");
  const windowMs = t.backlogGrowingMinutes * 60_000;
  const full = c.backlog >= t.backlogGrowingMin ? input.valueAgo(key, windowMs) : null;
  const half = full !== null ? input.valueAgo(key, windowMs / 2) : null;
  if (full !== null && half !== null && c.backlog > half && half > full) {
    out.push({
      id: `backlog_growing:${at}`,
      rule: "backlog_growing",
      severity: "warning",
      title: `Backlog growing on ${c.name}`,
      detail: `Backlog rose from ${formatCount(full)} to ${formatCount(c.backlog)} msgs in ${formatDuration(windowMs / 1000)}; ${c.outRate ? `acking ${formatRate(c.outRate, "acks/s")}` : "nothing is being acked"}.`,
      where,
      value: c.backlog - full,
      threshold: 0,
      unit: "msgs",
      href,
    });
  }
  if (c.oldestUnprocessedAgeSeconds !== null && c.oldestUnprocessedAgeSeconds > t.oldestAgeSeconds) {
    const severity: Severity =
      c.oldestUnprocessedAgeSeconds > 5 * t.oldestAgeSeconds ? "critical" : "warning";
    out.push({
      id: `oldest_message_age:${at}`,
      rule: "oldest_message_age",
      severity,
      title: `Oldest unprocessed message on ${c.name} is ${formatDuration(c.oldestUnprocessedAgeSeconds)} old`,
      detail: `Stream sequence ${c.oldestUnprocessedSeq} has waited longer than ${formatDuration(t.oldestAgeSeconds)}; backlog ${formatCount(c.backlog)} msgs.`,
      where,
      value: c.oldestUnprocessedAgeSeconds,
      threshold: t.oldestAgeSeconds,
      unit: "s",
      href,
    });
  }
  const idle = c.idleSeconds ?? Number.POSITIVE_INFINITY;
  if (
    c.pull &&
    c.backlog > 0 &&
    c.numPending > 0 &&
    c.numWaiting === 0 &&
    idle > t.idleSeconds &&
    !c.paused
  ) {
    out.push({
      id: `no_active_pullers:${at}`,
      rule: "no_active_pullers",
      severity: "critical",
      title: `No consumers pulling from ${c.name}`,
      detail: `${formatCount(c.numPending)} msgs pending, no outstanding pull requests and no delivery for ${c.idleSeconds === null ? "ever" : formatDuration(idle)}: are the workers for ${c.filterSubjects.join(", ") || s.name} running?`,
      where,
      value: Number.isFinite(idle) ? idle : -1,
      threshold: t.idleSeconds,
      unit: "s",
      href,
    });
  }
  if (c.stalledPolls >= t.stalledPolls) {
    out.push({
      id: `consumer_stalled:${at}`,
      rule: "consumer_stalled",
      severity: "warning",
      title: `${c.name} is stalled`,
      detail: `Backlog ${formatCount(c.backlog)} msgs and the ack floor has stayed at ${formatCount(c.ackFloorStreamSeq)} for ${c.stalledPolls} polls.`,
      where,
      value: c.stalledPolls,
      threshold: t.stalledPolls,
      unit: "polls",
      href,
    });
  }
  if (c.redeliveryRate !== null && c.redeliveryRate > t.redeliveryRatePerSecond) {
    out.push({
      id: `redelivery_rate:${at}`,
      rule: "redelivery_rate",
      severity: "warning",
      title: `High redelivery rate on ${c.name}`,
      detail: `${formatRate(c.redeliveryRate, "redeliveries/s")} (threshold ${formatRate(t.redeliveryRatePerSecond, "/s")}): workers are failing, naking or timing out (ack wait ${c.ackWaitSeconds} s).`,
      where,
      value: c.redeliveryRate,
      threshold: t.redeliveryRatePerSecond,
      unit: "/s",
      href,
    });
  }
  return out;
}

function limitFindings(
  s: StreamSummary,
  t: HealthThresholds,
  href: string,
  deadLetters: boolean,
): RawFinding[] {
  const out: RawFinding[] = [];
  const limits: [string, number | null][] = [
    ["messages", s.limitUse.messages],
    ["bytes", s.limitUse.bytes],
    ["age", s.limitUse.age],
  ];
  for (const [limit, use] of limits) {
    if (use === null || use < t.limitWarnRatio) continue;
    const consequence =
      limit === "age"
        ? `${deadLetters ? "dead letters" : "messages"} older than max age are deleted`
        : s.limits.discard === "new"
          ? deadLetters
            ? "new dead letters are refused: capture keeps them in the advisory stream and falls behind"
            : "new publishes will be rejected"
          : deadLetters
            ? "the oldest dead letters are dropped unseen"
            : "the oldest messages will be discarded";
    // A dead-letter stream that refuses new entries is critical as soon as it is full.
    const full = deadLetters && limit !== "age" && s.limits.discard === "new" && use >= 0.999;
    out.push({
      id: `stream_near_limit:${s.name}:${limit}`,
      rule: "stream_near_limit",
      severity: full || use >= t.limitCriticalRatio ? "critical" : "warning",
      title: `${deadLetters ? "Dead-letter stream " : ""}${s.name} is at ${Math.round(use * 100)}% of its ${limit} limit`,
      detail: `At the limit ${consequence} (discard policy ${s.limits.discard}).`,
      where: { stream: s.name },
      value: use,
      threshold: t.limitWarnRatio,
      unit: "ratio",
      href,
    });
  }
  return out;
}

function streamFindings(s: StreamSummary, input: HealthInput): RawFinding[] {
  const t = input.thresholds(s.name);
  const href = streamHref(s.name);
  const out: RawFinding[] = [];
  if (isDeadLetterStream(s.name, input.deadLetterStreams)) {
    const windowMs = t.deadLetterWindowMinutes * 60_000;
    const before = input.valueAgo(streamSeriesKey(s.name, "lastSeq"), windowMs);
    const arrived = before === null ? 0 : s.lastSeq - before;
    if (arrived > 0) {
      out.push({
        id: `dead_letters_arriving:${s.name}`,
        rule: "dead_letters_arriving",
        severity: "warning",
        title: `Dead letters arriving in ${s.name}`,
        detail: `${formatCount(arrived)} new dead letters in the last ${formatDuration(windowMs / 1000)} (${formatCount(s.messages)} in total).`,
        where: { stream: s.name },
        value: arrived,
        threshold: 0,
        unit: "msgs",
        href: "/dead-letters",
      });
    }
    // A full dead-letter stream loses dead letters: the oldest (discard old) or every new one (discard new).
    out.push(...limitFindings(s, t, "/dead-letters", true));
    return out;
  }
  const expectsConsumers = s.retention !== "limits";
  // Switchyard's own streams are read by Switchyard alone (or only on demand): no reader is expected there.
  const ownStream = isOwnStream(s.name);
  if (!ownStream && expectsConsumers && s.messages > 0 && s.consumerCount === 0) {
    out.push({
      id: `no_consumer_for_stream:${s.name}`,
      rule: "no_consumer_for_stream",
      severity: "critical",
      title: `Nobody consumes ${s.name}`,
      detail: `${formatCount(s.messages)} msgs are waiting in a ${s.retention} stream that has no consumer.`,
      where: { stream: s.name },
      value: s.messages,
      threshold: 0,
      unit: "msgs",
      href,
    });
  }
  if (!ownStream && s.consumerCount > 0) {
    for (const subject of s.subjectDepths ?? []) {
      if (subject.messages === 0 || subject.consumers > 0) continue;
      out.push({
        id: `no_consumer_for_subject:${s.name}:${subject.subject}`,
        rule: "no_consumer_for_subject",
        severity: expectsConsumers ? "warning" : "info",
        title: `No consumer reads ${subject.subject}`,
        detail: `${formatCount(subject.messages)} msgs stored on ${subject.subject} in ${s.name}, and no consumer's filter matches it.`,
        where: { stream: s.name, subject: subject.subject },
        value: subject.messages,
        threshold: 0,
        unit: "msgs",
        href: `${href}#subjects`,
      });
    }
  }
  out.push(...limitFindings(s, t, href, false));
  return out;
}

export function evaluateHealth(input: HealthInput): RawFinding[] {
  const findings: RawFinding[] = [];
  if (input.connection.state !== "connected") {
    findings.push({
      id: "nats_unreachable",
      rule: "nats_unreachable",
      severity: "critical",
      title: "NATS unreachable",
      detail: `${input.connection.lastError ?? input.connection.state}; retrying. Figures shown are from the last successful poll.`,
      where: {},
      value: 1,
      threshold: 0,
      unit: "",
      href: "",
    });
  }
  for (const s of input.streams) {
    findings.push(...streamFindings(s, input));
    // Every replicated stream, dead-letter and Switchyard's own included: a missing node shows in all of them.
    findings.push(...replicaFindings(s, input.thresholds(s.name), streamHref(s.name)));
    for (const c of s.consumers) findings.push(...consumerFindings(s, c, input));
  }
  findings.push(...missingNodeFindings(input.streams));
  return findings;
}

// ---- Tool findings (lib/tools feeds them; kept apart from the stream and consumer rules above) ----

/** The tool rules' settings (lib/tools/settings.ts ToolSettings satisfies this). */
export type ToolThresholds = {
  ackWaitShare: number;
  failureRate: number;
  minCalls: number;
  windowMinutes: number;
  objectives: readonly { tool: string; p95Ms?: number; p99Ms?: number }[];
};

const toolHref = (tool: string) => `/tools/${encodeURIComponent(tool)}`;

/** Latency near ack wait, duplicate executions, failure rate and latency objectives, per tool. */
export function toolFindings(tools: readonly ToolSummary[], t: ToolThresholds): RawFinding[] {
  const out: RawFinding[] = [];
  const window = `${t.windowMinutes} min`;
  for (const tool of tools) {
    const where = { tool: tool.tool };
    const href = toolHref(tool.tool);
    const { p95, p99, samples, serviceP95 } = tool.latency;
    const ackWaitMs = tool.ackWaitSeconds === null ? null : tool.ackWaitSeconds * 1000;
    // Only time in a worker counts against the ack wait: calls that queued behind a backlog (after an outage, say)
    // are slow to answer but were never at risk of a second delivery.
    const nearAckWait =
      serviceP95 !== null && ackWaitMs !== null && ackWaitMs > 0 && serviceP95 >= t.ackWaitShare * ackWaitMs;
    if (nearAckWait && samples >= Math.min(t.minCalls, 5)) {
      out.push({
        id: `tool_latency_near_ack_wait:${tool.tool}`,
        rule: "tool_latency_near_ack_wait",
        severity: serviceP95 >= ackWaitMs ? "critical" : "warning",
        title: `${tool.tool} p95 time in a worker ${ms(serviceP95)} is ${Math.round((serviceP95 / ackWaitMs) * 100)}% of its ack wait`,
        detail: `Calls that outlast the consumer's ack wait (${formatDuration(tool.ackWaitSeconds!)}) are delivered again while the first worker still runs them: duplicate executions are likely. Time in a worker is request → result less the queue wait the polls saw. Send in-progress acks (+WPI) from long calls, or lengthen ack wait.`,
        where,
        value: serviceP95 / ackWaitMs,
        threshold: t.ackWaitShare,
        unit: "ratio",
        href,
      });
    }
    const duplicates = tool.window.duplicates;
    if (duplicates > 0) {
      const confirmed = tool.window.extraResults;
      out.push({
        id: `tool_duplicate_executions:${tool.tool}`,
        rule: "tool_duplicate_executions",
        severity: confirmed > 0 || nearAckWait ? "warning" : "info",
        title: `${tool.tool} executed ${formatCount(duplicates)} ${duplicates === 1 ? "call" : "calls"} more than once`,
        detail: `In the last ${window}: ${formatCount(duplicates - confirmed)} redeliveries without a NAK while an earlier delivery was unacknowledged (ack wait expired: a worker still running or one that died)${confirmed ? `, and ${formatCount(confirmed)} second results for one request id` : ""}. Make the tool idempotent by request id, or keep long calls alive with in-progress acks.`,
        where,
        value: duplicates,
        threshold: 0,
        unit: "calls",
        href,
      });
    }
    const finished = tool.window.ok + tool.window.terminated + tool.window.maxDeliveries;
    if (tool.failureRate !== null && finished >= t.minCalls && tool.failureRate > t.failureRate) {
      out.push({
        id: `tool_failure_rate:${tool.tool}`,
        rule: "tool_failure_rate",
        severity: tool.failureRate >= 0.5 ? "critical" : "warning",
        title: `${tool.tool} fails ${Math.round(tool.failureRate * 1000) / 10}% of its calls`,
        detail: `In the last ${window}: ${formatCount(tool.window.terminated)} terminated and ${formatCount(tool.window.maxDeliveries)} at max deliveries of ${formatCount(finished)} finished calls (threshold ${Math.round(t.failureRate * 1000) / 10}%).`,
        where,
        value: tool.failureRate,
        threshold: t.failureRate,
        unit: "ratio",
        href,
      });
    }
    const objective = t.objectives.find((o) => o.tool === tool.tool);
    if (objective && samples >= t.minCalls) {
      const missed: [string, number, number][] = [];
      if (objective.p95Ms !== undefined && p95 !== null && p95 > objective.p95Ms)
        missed.push(["p95", p95, objective.p95Ms]);
      if (objective.p99Ms !== undefined && p99 !== null && p99 > objective.p99Ms)
        missed.push(["p99", p99, objective.p99Ms]);
      if (missed.length) {
        const [which, value, limit] = missed[0]!;
        out.push({
          id: `tool_latency_objective:${tool.tool}`,
          rule: "tool_latency_objective",
          severity: "warning",
          title: `${tool.tool} misses its latency objective (${which} ${ms(value)} > ${ms(limit)})`,
          detail:
            missed.map(([w, v, l]) => `${w} ${ms(v)} against an objective of ${ms(l)}`).join("; ") +
            ` over the last ${window}.`,
          where,
          value,
          threshold: limit,
          unit: "ms",
          href,
        });
      }
    }
  }
  return out;
}
