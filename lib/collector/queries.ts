// Read-side queries over the collector's latest view and history, used by API routes and server components alike.
import "server-only";
import type { Finding } from "@/lib/dto/findings";
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
import type {
  ConsumerListQuery,
  ConsumerRow,
  EstateSummary,
  FindingsQuery,
  Page,
  StreamListQuery,
  StreamRow,
} from "@/lib/dto/estate";
import type { LiveViewData, LiveViewQuery } from "@/lib/dto/live-view";
import type { ShownRows } from "@/lib/dto/params";
import { consumerPage, estateSummary, findingsPage, streamPage } from "./estate-views";
import { liveView } from "./live-views";
import { collectorFor } from "./registry";

const FIRST_POLL_WAIT_MS = 3000;
const SPARKLINE_POINTS = 30;
const SPARKLINE_RANGE_MS = 15 * 60_000;

async function readyCollector(environment: string) {
  const collector = collectorFor(environment);
  await Promise.race([collector.ready(), new Promise((resolve) => setTimeout(resolve, FIRST_POLL_WAIT_MS))]);
  return collector;
}

/** The whole estate as the collector sees it: for the server's own use (metrics), never sent to a browser. */
export async function getOverview(environment: string): Promise<Overview> {
  return (await readyCollector(environment)).latest();
}

/** Totals, findings and the worst streams and consumers: what every page and the overview endpoint get. */
export async function getSummary(environment: string): Promise<EstateSummary> {
  return estateSummary((await readyCollector(environment)).latest());
}

export async function getFindingsPage(
  environment: string,
  query: FindingsQuery,
): Promise<Page<Finding> & { environment: string; stale: boolean }> {
  const overview = (await readyCollector(environment)).latest();
  return { environment, stale: overview.poll.stale, ...findingsPage(overview, query) };
}

export async function getStreamPage(environment: string, query: StreamListQuery): Promise<Page<StreamRow>> {
  return streamPage((await readyCollector(environment)).latest(), query);
}

export async function getConsumerPage(
  environment: string,
  query: ConsumerListQuery,
): Promise<Page<ConsumerRow>> {
  const overview = (await readyCollector(environment)).latest();
  if (query.stream && !overview.streams.some((s) => s.name === query.stream))
    await getStream(environment, query.stream);
  return consumerPage(overview, query);
}

export async function getLiveView(environment: string, query: LiveViewQuery): Promise<LiveViewData> {
  return liveView((await readyCollector(environment)).latest(), query);
}

// Every tab gets the same summary after a poll, and tabs showing the same view the same rows: serialise each once
// per poll, not once per tab.
const summaryJson = new WeakMap<Overview, string>();
const viewJson = new WeakMap<Overview, Map<string, string>>();

/** A tab's events after each poll: the summary, and the view's data when it has one (the SSE sends changes only). */
export function liveEvents(query: LiveViewQuery): (overview: Overview) => Record<string, string> {
  const key = JSON.stringify(query);
  return (overview): Record<string, string> => {
    let summary = summaryJson.get(overview);
    if (summary === undefined) {
      summary = JSON.stringify(estateSummary(overview));
      summaryJson.set(overview, summary);
    }
    if (query.view === "summary") return { summary };
    let views = viewJson.get(overview);
    if (!views) {
      views = new Map();
      viewJson.set(overview, views);
    }
    let view = views.get(key);
    if (view === undefined) {
      view = JSON.stringify(liveView(overview, query));
      views.set(key, view);
    }
    return { summary, view };
  };
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
    points: downsample(result.points),
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

/** The last 15 minutes of the named streams' in-rates and consumers' backlogs, ≤ 30 points each. */
export async function getSparklines(environment: string, query: ShownRows): Promise<Sparklines> {
  const collector = await readyCollector(environment);
  const to = Date.now();
  const line = (key: string) =>
    downsample(collector.history.query(key, to - SPARKLINE_RANGE_MS, to).points, SPARKLINE_POINTS).map((p) =>
      p.value === null ? null : Math.round(p.value * 100) / 100,
    );
  const result: Sparklines = { streams: {}, consumers: {} };
  for (const name of query.streams) result.streams[name] = line(streamSeriesKey(name, "inRate"));
  for (const key of query.consumers) {
    const [stream, consumer] = key.split("/") as [string, string];
    result.consumers[consumerKey(stream, consumer)] = line(consumerSeriesKey(stream, consumer, "backlog"));
  }
  return result;
}
