// Pure derivation of the overview figures (backlog, rates) from two consecutive polls.
import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import type { ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import type { RawPoll } from "./poll-jetstream";

const NANOS_PER_SECOND = 1e9;

function ratePerSecond(now: number, before: number | undefined, seconds: number | null, clampAtZero = true): number | null {
  if (before === undefined || seconds === null || seconds <= 0) return null;
  const rate = (now - before) / seconds;
  return clampAtZero ? Math.max(0, rate) : rate;
}

function validTime(ts: string | undefined): string | undefined {
  if (!ts || ts.startsWith("0001-")) return undefined;
  const parsed = Date.parse(ts);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function filterSubjectsOf(ci: ConsumerInfo): string[] {
  const config = ci.config as ConsumerInfo["config"] & { filter_subjects?: string[] };
  if (config.filter_subjects?.length) return config.filter_subjects;
  return config.filter_subject ? [config.filter_subject] : [];
}

function summarizeConsumer(ci: ConsumerInfo, previous: ConsumerInfo | undefined, seconds: number | null): ConsumerSummary {
  const config = ci.config;
  return {
    stream: ci.stream_name,
    name: ci.name,
    durable: Boolean(config.durable_name),
    pull: !config.deliver_subject,
    filterSubjects: filterSubjectsOf(ci),
    ackPolicy: config.ack_policy,
    ackWaitSeconds: (config.ack_wait ?? 0) / NANOS_PER_SECOND,
    maxDeliver: config.max_deliver ?? -1,
    numPending: ci.num_pending,
    numAckPending: ci.num_ack_pending,
    numRedelivered: ci.num_redelivered,
    numWaiting: ci.num_waiting,
    backlog: ci.num_pending + ci.num_ack_pending,
    ackFloorStreamSeq: ci.ack_floor.stream_seq,
    deliveredStreamSeq: ci.delivered.stream_seq,
    lastActive: validTime((ci.delivered as unknown as { last_active?: string }).last_active),
    outRate: ratePerSecond(ci.ack_floor.consumer_seq, previous?.ack_floor.consumer_seq, seconds),
    redeliveryRate: ratePerSecond(ci.num_redelivered, previous?.num_redelivered, seconds),
    paused: Boolean((ci as { paused?: boolean }).paused),
  };
}

function summarizeStream(si: StreamInfo, consumers: ConsumerInfo[], previous: RawPoll | undefined, seconds: number | null): StreamSummary {
  const name = si.config.name;
  const before = previous?.streams.find((s) => s.config.name === name);
  const beforeConsumers = new Map((previous?.consumers.get(name) ?? []).map((c) => [c.name, c]));
  return {
    name,
    description: si.config.description || undefined,
    subjects: si.config.subjects ?? [],
    retention: si.config.retention,
    storage: si.config.storage,
    replicas: si.config.num_replicas,
    messages: si.state.messages,
    bytes: si.state.bytes,
    firstSeq: si.state.first_seq,
    lastSeq: si.state.last_seq,
    firstTs: validTime(si.state.first_ts),
    lastTs: validTime(si.state.last_ts),
    subjectCount: si.state.num_subjects,
    consumerCount: si.state.consumer_count,
    limits: {
      maxMsgs: si.config.max_msgs,
      maxBytes: si.config.max_bytes,
      maxAgeSeconds: si.config.max_age / NANOS_PER_SECOND,
      discard: si.config.discard,
    },
    inRate: ratePerSecond(si.state.last_seq, before?.state.last_seq, seconds),
    consumers: consumers
      .map((ci) => summarizeConsumer(ci, beforeConsumers.get(ci.name), seconds))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function summarizePoll(current: RawPoll, previous: RawPoll | undefined): StreamSummary[] {
  const seconds = previous ? (current.at - previous.at) / 1000 : null;
  return current.streams
    .map((si) => summarizeStream(si, current.consumers.get(si.config.name) ?? [], previous, seconds))
    .sort((a, b) => a.name.localeCompare(b.name));
}
