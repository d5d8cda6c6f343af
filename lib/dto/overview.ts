// Browser-safe shapes of the collector's view of one environment: streams, consumers and derived rates.
import type { ConnectionStatus } from "./connection";

export type ConsumerSummary = {
  stream: string;
  name: string;
  durable: boolean;
  pull: boolean;
  filterSubjects: string[];
  ackPolicy: string;
  ackWaitSeconds: number;
  maxDeliver: number;
  numPending: number;
  numAckPending: number;
  numRedelivered: number;
  numWaiting: number;
  /** pending + ack pending: work not yet done. */
  backlog: number;
  ackFloorStreamSeq: number;
  deliveredStreamSeq: number;
  /** ISO time of the last delivery, when the server reports one. */
  lastActive?: string;
  /** Ack floor progress, deliveries/s; null until two polls exist. */
  outRate: number | null;
  /** Δ num_redelivered per second (never negative); null until two polls exist. */
  redeliveryRate: number | null;
  paused: boolean;
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
  /** New messages per second (Δ last_seq); null until two polls exist. */
  inRate: number | null;
  consumers: ConsumerSummary[];
};

export type PollStats = {
  /** ISO time of the last successful poll. */
  polledAt: string | null;
  durationMs: number | null;
  requests: number | null;
  intervalMs: number;
  skippedTicks: number;
  /** The last poll failed: the data shown is from polledAt. */
  stale: boolean;
  error?: string;
};

export type Overview = {
  environment: string;
  connection: ConnectionStatus;
  poll: PollStats;
  streams: StreamSummary[];
};
