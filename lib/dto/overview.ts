// Browser-safe shapes of the collector's view of one environment: streams, consumers and derived rates.
import type { ConnectionStatus } from "./connection";
import type { Finding } from "./findings";

export type ConsumerSummary = {
  stream: string;
  name: string;
  durable: boolean;
  /** Created by Switchyard to read the stream (lib/dto/own-consumers.ts); not counted as a reader of its subjects. */
  internal: boolean;
  pull: boolean;
  filterSubjects: string[];
  ackPolicy: string;
  ackWaitSeconds: number;
  maxDeliver: number;
  /** Redelivery back-off steps, when configured. */
  backoffSeconds: number[];
  deliverPolicy: string;
  maxAckPending: number;
  numPending: number;
  numAckPending: number;
  numRedelivered: number;
  numWaiting: number;
  /** pending + ack pending: work not yet done. */
  backlog: number;
  ackFloorStreamSeq: number;
  deliveredStreamSeq: number;
  /** Deliveries made, redeliveries included (delivered.consumer_seq): per-tool redeliveries come from its growth. */
  deliveredConsumerSeq: number;
  /** ISO time of the last delivery, when the server reports one. */
  lastActive?: string;
  /** Ack floor progress, deliveries/s; null until two polls exist. */
  outRate: number | null;
  /** Δ num_redelivered per second (never negative); null until two polls exist. */
  redeliveryRate: number | null;
  paused: boolean;
  /** Seconds since the last delivery; null when the server reports none. */
  idleSeconds: number | null;
  /** Backlog ÷ ack rate; null when nothing is being acked. */
  etaSeconds: number | null;
  /** Age of the first message after the ack floor that matches the filter (not dead-lettered); null without backlog. */
  oldestUnprocessedAgeSeconds: number | null;
  oldestUnprocessedSeq: number | null;
  /** Backlog > 0 and the ack floor has not moved for this many polls (0 when moving or idle without work). */
  stalledPolls: number;
  /** Advisories counted since the previous poll; null until advisory counting runs. */
  advisories: { naked: number; maxDeliveries: number; terminated: number } | null;
};

export type SubjectDepth = { subject: string; messages: number; consumers: number };

export type ReplicaHealth = {
  name: string;
  current: boolean;
  offline: boolean;
  lag: number;
  activeSeconds: number;
};

export type StreamSummary = {
  name: string;
  description?: string;
  subjects: string[];
  retention: string;
  storage: string;
  replicas: number;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  firstTs?: string;
  lastTs?: string;
  subjectCount?: number;
  consumerCount: number;
  limits: { maxMsgs: number; maxBytes: number; maxAgeSeconds: number; discard: string };
  /** Fraction (0–1) of each limit in use; null where unlimited. Age: oldest stored message vs max age. */
  limitUse: { messages: number | null; bytes: number | null; age: number | null };
  /** Per-subject depth with consumer counts, when cheap to collect (bounded subject count); null otherwise. */
  subjectDepths: SubjectDepth[] | null;
  cluster?: { name?: string; leader?: string; replicas: ReplicaHealth[] };
  /** New messages per second (Δ last_seq); null until two polls exist. */
  inRate: number | null;
  consumers: ConsumerSummary[];
};

export type PollStats = {
  /** ISO time of the last successful poll. */
  polledAt: string | null;
  /** The poll's JetStream requests, first to last answer. */
  durationMs: number | null;
  /** Deriving figures, history and health rules after the requests (off the requests' path). */
  deriveMs?: number | null;
  requests: number | null;
  intervalMs: number;
  /** The interval in use: stretched to 3× the last poll's duration when a poll takes over a third of it. */
  effectiveIntervalMs?: number;
  skippedTicks: number;
  pollsTotal: number;
  errorsTotal: number;
  /** The last poll failed: the data shown is from polledAt. */
  stale: boolean;
  error?: string;
};

export type Overview = {
  environment: string;
  connection: ConnectionStatus;
  poll: PollStats;
  streams: StreamSummary[];
  findings: Finding[];
};
