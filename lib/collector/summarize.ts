// Pure derivation of the overview figures (backlog, rates, ages, ETA, limits) from consecutive polls.
import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import type { ConsumerSummary, ReplicaHealth, StreamSummary, SubjectDepth } from "@/lib/dto/overview";
import { isOwnConsumer } from "@/lib/dto/switchyard-owned";
import { consumersReading } from "@/lib/core/subjects";
import type { RawPoll } from "./poll-jetstream";
import { consumerKey } from "@/lib/core/series-keys";

const NANOS_PER_SECOND = 1e9;

export type AdvisoryDelta = { naked: number; maxDeliveries: number; terminated: number };

/**
 * The few figures of a poll that later polls compute rates against: a poll is kept for the whole rate window
 * (up to 30 polls at 1 s), so the collector keeps these rather than the full stream and consumer infos. Per
 * consumer, settled deliveries and redeliveries sit in flat arrays at the position `index` gives (one index shared
 * by consecutive snapshots of the same consumers): a snapshot of 10,000 consumers is two 80 KB arrays rather than
 * 10,000 keys and objects.
 */
export type RateSnapshot = {
  at: number;
  lastSeq: Map<string, number>;
  keys: readonly string[];
  index: ReadonlyMap<string, number>;
  settled: Float64Array;
  redelivered: Float64Array;
};

export function rateSnapshot(poll: RawPoll, before?: RateSnapshot): RateSnapshot {
  const keys: string[] = [];
  for (const list of poll.consumers.values())
    for (const ci of list) keys.push(consumerKey(ci.stream_name, ci.name));
  const same =
    before !== undefined && before.keys.length === keys.length && keys.every((k, i) => before.keys[i] === k);
  const settledNow = new Float64Array(keys.length);
  const redelivered = new Float64Array(keys.length);
  let i = 0;
  for (const list of poll.consumers.values())
    for (const ci of list) {
      settledNow[i] = settled(ci);
      redelivered[i++] = ci.num_redelivered;
    }
  return {
    at: poll.at,
    lastSeq: new Map(poll.streams.map((si) => [si.config.name, si.state.last_seq])),
    keys: same ? before.keys : keys,
    index: same ? before.index : new Map(keys.map((k, n) => [k, n])),
    settled: settledNow,
    redelivered,
  };
}

function countsIn(
  snapshot: RateSnapshot | undefined,
  key: string,
): { settled: number; redelivered: number } | undefined {
  const position = snapshot?.index.get(key);
  if (snapshot === undefined || position === undefined) return undefined;
  return { settled: snapshot.settled[position]!, redelivered: snapshot.redelivered[position]! };
}

/** What the collector learned beyond the list responses, keyed by consumerKey() or by stream name. */
export type PollContext = {
  previous?: RateSnapshot;
  oldest?: Map<string, { seq: number; time: number } | null>;
  stalledPolls?: ReadonlyMap<string, { polls: number }>;
  subjectDepths?: Map<string, Record<string, number>>;
  advisories?: Map<string, AdvisoryDelta>;
};

function ratePerSecond(now: number, before: number | undefined, seconds: number | null): number | null {
  if (before === undefined || seconds === null || seconds <= 0) return null;
  return Math.max(0, (now - before) / seconds);
}

function validTime(ts: string | undefined): string | undefined {
  if (!ts || ts.startsWith("0001-")) return undefined;
  const parsed = Date.parse(ts);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

function ratio(used: number, limit: number): number | null {
  return limit > 0 ? used / limit : null;
}

/**
 * Deliveries that are no longer outstanding: delivered.consumer_seq − num_ack_pending. It grows by one per
 * ack (or term) and per redelivery, and — unlike the ack floor — keeps moving while one slow message is in flight.
 */
export function settled(ci: ConsumerInfo): number {
  return ci.delivered.consumer_seq - ci.num_ack_pending;
}

export function filterSubjectsOf(ci: ConsumerInfo): string[] {
  const config = ci.config as ConsumerInfo["config"] & { filter_subjects?: string[] };
  if (config.filter_subjects?.length) return config.filter_subjects;
  return config.filter_subject ? [config.filter_subject] : [];
}

function summarizeConsumer(
  ci: ConsumerInfo,
  seconds: number | null,
  at: number,
  ctx: PollContext,
): ConsumerSummary {
  const config = ci.config;
  const key = consumerKey(ci.stream_name, ci.name);
  const previous = countsIn(ctx.previous, key);
  const backlog = ci.num_pending + ci.num_ack_pending;
  const lastActive = validTime((ci.delivered as unknown as { last_active?: string }).last_active);
  const outRate = ratePerSecond(settled(ci), previous?.settled, seconds);
  const oldest = backlog > 0 ? ctx.oldest?.get(key) : null;
  return {
    stream: ci.stream_name,
    name: ci.name,
    durable: Boolean(config.durable_name),
    internal: isOwnConsumer(ci.name),
    pull: !config.deliver_subject,
    filterSubjects: filterSubjectsOf(ci),
    ackPolicy: config.ack_policy,
    ackWaitSeconds: (config.ack_wait ?? 0) / NANOS_PER_SECOND,
    maxDeliver: config.max_deliver ?? -1,
    backoffSeconds: (config.backoff ?? []).map((ns) => ns / NANOS_PER_SECOND),
    deliverPolicy: config.deliver_policy,
    maxAckPending: config.max_ack_pending ?? -1,
    numPending: ci.num_pending,
    numAckPending: ci.num_ack_pending,
    numRedelivered: ci.num_redelivered,
    numWaiting: ci.num_waiting,
    backlog,
    ackFloorStreamSeq: ci.ack_floor.stream_seq,
    deliveredStreamSeq: ci.delivered.stream_seq,
    deliveredConsumerSeq: ci.delivered.consumer_seq,
    lastActive,
    outRate,
    redeliveryRate: ratePerSecond(ci.num_redelivered, previous?.redelivered, seconds),
    paused: Boolean((ci as { paused?: boolean }).paused),
    idleSeconds: lastActive ? Math.max(0, (at - Date.parse(lastActive)) / 1000) : null,
    etaSeconds: backlog === 0 ? 0 : outRate && outRate > 0 ? backlog / outRate : null,
    oldestUnprocessedAgeSeconds: oldest ? Math.max(0, (at - oldest.time) / 1000) : null,
    oldestUnprocessedSeq: oldest ? oldest.seq : null,
    stalledPolls: ctx.stalledPolls?.get(key)?.polls ?? 0,
    advisories: ctx.advisories
      ? (ctx.advisories.get(key) ?? { naked: 0, maxDeliveries: 0, terminated: 0 })
      : null,
  };
}

function replicas(si: StreamInfo): StreamSummary["cluster"] {
  const cluster = si.cluster as
    | (StreamInfo["cluster"] & {
        replicas?: { name: string; current: boolean; offline?: boolean; lag?: number; active: number }[];
      })
    | undefined;
  if (!cluster || si.config.num_replicas <= 1) return undefined;
  const list: ReplicaHealth[] = (cluster.replicas ?? []).map((r) => ({
    name: r.name,
    current: r.current,
    offline: Boolean(r.offline),
    lag: r.lag ?? 0,
    activeSeconds: r.active / NANOS_PER_SECOND,
  }));
  return { name: cluster.name, leader: cluster.leader, replicas: list };
}

// Depths only change when the stream does (and are re-fetched at most every 30 s): reuse the matched rows
// while the depths object and the consumers' filters are the same.
const matchedDepths = new WeakMap<Record<string, number>, { filters: string; rows: SubjectDepth[] }>();

function subjectDepths(
  depths: Record<string, number> | undefined,
  consumers: ConsumerInfo[],
): SubjectDepth[] | null {
  if (!depths) return null;
  const filters = consumers.filter((ci) => !isOwnConsumer(ci.name)).map(filterSubjectsOf);
  const signature = JSON.stringify(filters);
  const cached = matchedDepths.get(depths);
  if (cached && cached.filters === signature) return cached.rows;
  const rows = Object.entries(depths)
    .map(([subject, messages]) => ({ subject, messages, consumers: consumersReading(subject, filters) }))
    .sort((a, b) => b.messages - a.messages || a.subject.localeCompare(b.subject));
  matchedDepths.set(depths, { filters: signature, rows });
  return rows;
}

function summarizeStream(
  si: StreamInfo,
  consumers: ConsumerInfo[],
  current: RawPoll,
  seconds: number | null,
  ctx: PollContext,
): StreamSummary {
  const name = si.config.name;
  const firstTs = validTime(si.state.first_ts);
  const maxAgeSeconds = si.config.max_age / NANOS_PER_SECOND;
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
    firstTs,
    lastTs: validTime(si.state.last_ts),
    subjectCount: si.state.num_subjects,
    consumerCount: si.state.consumer_count,
    limits: {
      maxMsgs: si.config.max_msgs,
      maxBytes: si.config.max_bytes,
      maxAgeSeconds,
      discard: si.config.discard,
    },
    limitUse: {
      messages: ratio(si.state.messages, si.config.max_msgs),
      bytes: ratio(si.state.bytes, si.config.max_bytes),
      age:
        firstTs && si.state.messages > 0
          ? ratio((current.at - Date.parse(firstTs)) / 1000, maxAgeSeconds)
          : null,
    },
    subjectDepths: subjectDepths(ctx.subjectDepths?.get(name), consumers),
    cluster: replicas(si),
    inRate: ratePerSecond(si.state.last_seq, ctx.previous?.lastSeq.get(name), seconds),
    consumers: consumers
      .map((ci) => summarizeConsumer(ci, seconds, current.at, ctx))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Consumers summarised between two calls of `pause`. */
const CONSUMERS_PER_SLICE = 1000;

/**
 * Every stream's summary, sorted by name, in slices of about CONSUMERS_PER_SLICE consumers with `pause` awaited
 * between them: on an estate of 10,000 consumers the whole summary is a few hundred milliseconds of work and
 * garbage, which a request should not have to wait behind.
 */
export async function summarizePoll(
  current: RawPoll,
  ctx: PollContext = {},
  pause: () => Promise<void> = async () => {},
): Promise<StreamSummary[]> {
  const seconds = ctx.previous ? (current.at - ctx.previous.at) / 1000 : null;
  const out: StreamSummary[] = [];
  let sincePause = 0;
  for (const si of current.streams) {
    const consumers = current.consumers.get(si.config.name) ?? [];
    out.push(summarizeStream(si, consumers, current, seconds, ctx));
    sincePause += 1 + consumers.length;
    if (sincePause >= CONSUMERS_PER_SLICE) {
      sincePause = 0;
      await pause();
    }
  }
  return out.sort(byName);
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
