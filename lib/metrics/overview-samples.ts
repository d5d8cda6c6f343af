// Turns one poll's stream and consumer summaries into history samples (one per series key).
import type { StreamSummary } from "@/lib/dto/overview";
import {
  CONSUMER_METRICS,
  consumerKey,
  consumerSeriesKey,
  STREAM_METRICS,
  streamSeriesKey,
} from "@/lib/core/series-keys";

// Series keys are rebuilt for every sample otherwise: thousands of string concatenations per poll.
const streamKeys = new Map<string, string[]>();
const consumerKeys = new Map<string, string[]>();

function keysFor<T extends string>(
  cache: Map<string, string[]>,
  id: string,
  metrics: readonly T[],
  build: (metric: T) => string,
): string[] {
  let keys = cache.get(id);
  if (!keys) {
    keys = metrics.map(build);
    cache.set(id, keys);
  }
  return keys;
}

/** One poll's history samples as parallel arrays: values[i] (null = no value) belongs to series keys[i]. */
export function overviewSamples(streams: StreamSummary[]): { keys: string[]; values: (number | null)[] } {
  const keys: string[] = [];
  const values: (number | null)[] = [];
  for (const s of streams) {
    const sk = keysFor(streamKeys, s.name, STREAM_METRICS, (m) => streamSeriesKey(s.name, m));
    for (let i = 0; i < STREAM_METRICS.length; i++) {
      keys.push(sk[i]!);
      values.push(s[STREAM_METRICS[i]!]);
    }
    for (const c of s.consumers) {
      const ck = keysFor(consumerKeys, consumerKey(s.name, c.name), CONSUMER_METRICS, (m) =>
        consumerSeriesKey(s.name, c.name, m),
      );
      for (let i = 0; i < CONSUMER_METRICS.length; i++) {
        keys.push(ck[i]!);
        values.push(c[CONSUMER_METRICS[i]!]);
      }
    }
  }
  return { keys, values };
}
