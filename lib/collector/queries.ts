// Read-side queries over the collector's latest view and history, used by API routes and server components alike.
import "server-only";
import type { ConsumerSummary, Overview, StreamSummary } from "@/lib/dto/overview";
import { METRIC_UNITS, RANGES, type ChartSeries, type RangeName } from "@/lib/dto/series";
import {
  consumerKey,
  type ConsumerMetric,
  consumerSeriesKey,
  type StreamMetric,
  streamSeriesKey,
} from "@/lib/core/series-keys";
import { AppError } from "@/lib/core/errors";
import { downsample } from "@/lib/metrics/downsample";
import { collectorFor } from "./registry";

const FIRST_POLL_WAIT_MS = 3000;
const MAX_CHART_POINTS = 600;
const SPARKLINE_POINTS = 30;
const SPARKLINE_RANGE_MS = 15 * 60_000;

async function readyCollector(environment: string) {
  const collector = collectorFor(environment);
  await Promise.race([collector.ready(), new Promise((resolve) => setTimeout(resolve, FIRST_POLL_WAIT_MS))]);
  return collector;
}

export async function getOverview(environment: string): Promise<Overview> {
  return (await readyCollector(environment)).latest();
}

/** One stream from the latest poll; polls once more before answering 404 for a stream created since. */
export async function getStream(
  environment: string,
  name: string,
): Promise<{ overview: Overview; stream: StreamSummary }> {
  const collector = await readyCollector(environment);
  let overview = collector.latest();
  let stream = overview.streams.find((s) => s.name === name);
  if (!stream && !overview.poll.stale) {
    await collector.tick();
    overview = collector.latest();
    stream = overview.streams.find((s) => s.name === name);
  }
  if (stream) return { overview, stream };
  if (overview.poll.stale && !overview.poll.polledAt)
    throw new AppError("nats_unavailable", overview.poll.error ?? "NATS unreachable");
  throw new AppError(
    "stream_not_found",
    `stream ${JSON.stringify(name)} not found in environment ${JSON.stringify(environment)}`,
  );
}

export async function getConsumer(
  environment: string,
  streamName: string,
  name: string,
): Promise<{ stream: StreamSummary; consumer: ConsumerSummary }> {
  const { stream } = await getStream(environment, streamName);
  const consumer = stream.consumers.find((c) => c.name === name);
  if (!consumer)
    throw new AppError(
      "consumer_not_found",
      `consumer ${JSON.stringify(name)} not found on stream ${JSON.stringify(streamName)}`,
    );
  return { stream, consumer };
}

function series(
  environment: string,
  key: string,
  metric: StreamMetric | ConsumerMetric,
  range: RangeName,
): ChartSeries {
  const history = collectorFor(environment).history;
  const to = Date.now();
  const result = history.query(key, to - RANGES[range], to);
  return {
    key,
    metric,
    unit: METRIC_UNITS[metric],
    widthMs: result.widthMs,
    points: downsample(result.points, MAX_CHART_POINTS),
  };
}

export async function getStreamSeries(
  environment: string,
  stream: string,
  metric: StreamMetric,
  range: RangeName,
): Promise<ChartSeries> {
  await getStream(environment, stream);
  return series(environment, streamSeriesKey(stream, metric), metric, range);
}

export async function getConsumerSeries(
  environment: string,
  stream: string,
  consumer: string,
  metric: ConsumerMetric,
  range: RangeName,
): Promise<ChartSeries> {
  await getConsumer(environment, stream, consumer);
  return series(environment, consumerSeriesKey(stream, consumer, metric), metric, range);
}

export type Sparklines = {
  streams: Record<string, (number | null)[]>;
  consumers: Record<string, (number | null)[]>;
};

/** The last 15 minutes of each stream's in-rate and each consumer's backlog, ≤ 30 points each. */
export async function getSparklines(environment: string): Promise<Sparklines> {
  const collector = await readyCollector(environment);
  const to = Date.now();
  const line = (key: string) =>
    downsample(collector.history.query(key, to - SPARKLINE_RANGE_MS, to).points, SPARKLINE_POINTS).map((p) =>
      p.value === null ? null : Math.round(p.value * 100) / 100,
    );
  const result: Sparklines = { streams: {}, consumers: {} };
  for (const s of collector.latest().streams) {
    result.streams[s.name] = line(streamSeriesKey(s.name, "inRate"));
    for (const c of s.consumers)
      result.consumers[consumerKey(s.name, c.name)] = line(consumerSeriesKey(s.name, c.name, "backlog"));
  }
  return result;
}
