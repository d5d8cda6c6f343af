// Turns one poll's stream and consumer summaries into history samples (one per series key).
import type { StreamSummary } from "@/lib/dto/overview";
import { CONSUMER_METRICS, consumerSeriesKey, STREAM_METRICS, streamSeriesKey } from "@/lib/dto/series";

export function* overviewSamples(streams: StreamSummary[]): Generator<[string, number | null]> {
  for (const s of streams) {
    for (const metric of STREAM_METRICS) yield [streamSeriesKey(s.name, metric), s[metric]];
    for (const c of s.consumers) {
      for (const metric of CONSUMER_METRICS) yield [consumerSeriesKey(s.name, c.name, metric), c[metric]];
    }
  }
}
