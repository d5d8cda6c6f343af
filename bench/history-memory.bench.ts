// Memory of the history store: 2,000 consumers (5 series each) and 200 streams (4 each) with 7 days of history,
// filled synthetically (every bucket of every tier), against the same process before the fill.
import { consumerSeriesKey, CONSUMER_METRICS, streamSeriesKey, STREAM_METRICS } from "@/lib/dto/series";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";

const MiB = 1024 * 1024;

export default async function main(): Promise<void> {
  const consumers = Number(process.env.BENCH_MEMORY_CONSUMERS || 2000);
  const streams = Math.max(1, Math.round(consumers / 10));
  globalThis.gc?.();
  const before = process.memoryUsage();
  const store = new SeriesStore(defaultTiers(5000));
  const keys: string[] = [];
  for (let s = 0; s < streams; s++) {
    for (const metric of STREAM_METRICS) keys.push(streamSeriesKey(`S${s}`, metric));
    for (let c = 0; c < consumers / streams; c++) for (const metric of CONSUMER_METRICS) keys.push(consumerSeriesKey(`S${s}`, `consumer-${c}`, metric));
  }
  const now = Date.now();
  const started = performance.now();
  for (const spec of store.tiers) {
    const current = Math.floor(now / spec.widthMs);
    for (let epoch = current - spec.slots + 1; epoch <= current; epoch++) {
      for (const key of keys) store.restore(spec.name, key, { epoch, min: 1, max: 9, sum: 50, count: 10, last: 5 });
    }
  }
  const fillMs = performance.now() - started;
  globalThis.gc?.();
  const after = process.memoryUsage();
  const deltaRss = (after.rss - before.rss) / MiB;
  console.log(`${consumers} consumers + ${streams} streams = ${keys.length} series, 7 days in 3 tiers, filled in ${(fillMs / 1000).toFixed(1)} s`);
  console.log(`RSS ${(before.rss / MiB).toFixed(0)} MiB before → ${(after.rss / MiB).toFixed(0)} MiB after (+${deltaRss.toFixed(0)} MiB, ${((deltaRss * MiB) / keys.length / 1024).toFixed(1)} KiB per series); array buffers ${(after.arrayBuffers / MiB).toFixed(0)} MiB`);
  console.log(`history adds ${deltaRss.toFixed(0)} MiB: ${(deltaRss / 300).toFixed(2)} of the 300 MB budget for the whole server (a running dashboard's own RSS: see the api bench's server)`);
  if (store.size !== keys.length) throw new Error("store lost series");
}
