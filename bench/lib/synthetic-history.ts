// Seven days of history for the benches' estate (bench/lib/provision.ts names: streams B<n>, consumers c<m>), filled
// through `restore()` the way a restart replays persisted buckets.
import { CONSUMER_METRICS, consumerSeriesKey, STREAM_METRICS, streamSeriesKey } from "@/lib/core/series-keys";
import type { SeriesStore } from "@/lib/metrics/series-store";

/** Every series key the collector records for `streams` streams of `consumers` consumers each. */
export function estateSeriesKeys(streams: number, consumers: number): string[] {
  const keys: string[] = [];
  for (let s = 0; s < streams; s++) {
    for (const metric of STREAM_METRICS) keys.push(streamSeriesKey(`B${s}`, metric));
    for (let c = 0; c < consumers; c++)
      for (const metric of CONSUMER_METRICS) keys.push(consumerSeriesKey(`B${s}`, `c${c}`, metric));
  }
  return keys;
}

/** Every bucket of every tier of every key up to `now`, with values that differ by series and bucket. */
export function fillHistory(store: SeriesStore, keys: string[], now: number): void {
  for (const spec of store.tiers) {
    const current = Math.floor(now / spec.widthMs);
    for (let epoch = current - spec.slots + 1; epoch <= current; epoch++) {
      for (const [i, key] of keys.entries())
        store.restore(spec.name, key, {
          epoch,
          min: i % 7,
          max: 9 + (epoch % 5),
          sum: 50,
          count: 10,
          last: 5,
        });
    }
  }
}
