// Every key that names a consumer or a history series is built here, so the collector, the health rules, the
// history, the charts and Prometheus never disagree on a format.
export const STREAM_METRICS = ["messages", "bytes", "inRate", "lastSeq"] as const;
export const CONSUMER_METRICS = [
  "backlog",
  "numAckPending",
  "oldestUnprocessedAgeSeconds",
  "outRate",
  "redeliveryRate",
] as const;

export type StreamMetric = (typeof STREAM_METRICS)[number];
export type ConsumerMetric = (typeof CONSUMER_METRICS)[number];

/** A consumer's key in every per-consumer map: `stream/consumer` (stream names cannot contain '/'). */
export const consumerKey = (stream: string, consumer: string) => `${stream}/${consumer}`;

export const streamSeriesKey = (stream: string, metric: StreamMetric) => `s:${stream}:${metric}`;
export const consumerSeriesKey = (stream: string, consumer: string, metric: ConsumerMetric) =>
  `c:${consumerKey(stream, consumer)}:${metric}`;
