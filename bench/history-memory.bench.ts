// Resident memory of the history store alone, per series, for 1,000 streams × 10 consumers (54,000 series) with
// 7 days of history restored, against the same process before the store exists. Run it with `--expose-gc` for
// settled figures: `node --expose-gc --conditions=react-server --import tsx bench/run.ts history-memory`.
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { estateSeriesKeys, fillHistory } from "./lib/synthetic-history";

const STREAMS = Number(process.env.BENCH_HISTORY_STREAMS || 1000);
const CONSUMERS = Number(process.env.BENCH_HISTORY_CONSUMERS || 10);
const POLL_MS = 5000;
const MB = 1e6;

const settle = () => (globalThis as { gc?: () => void }).gc?.();

export default async function main(): Promise<void> {
  const keys = estateSeriesKeys(STREAMS, CONSUMERS);
  settle();
  const before = process.memoryUsage();
  const store = new SeriesStore(defaultTiers(POLL_MS));
  const now = Date.now();
  const t = performance.now();
  fillHistory(store, keys, now);
  const fillSeconds = (performance.now() - t) / 1000;
  // One poll on top, as the running collector would add.
  store.record(
    now,
    keys,
    keys.map((_, i) => i),
  );
  settle();
  const after = process.memoryUsage();
  const rss = after.rss - before.rss;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  const heap = after.heapUsed - before.heapUsed;
  console.log(
    `${keys.length} series, 7 days restored in ${fillSeconds.toFixed(1)} s${globalThis.gc ? "" : " (no --expose-gc: figures include garbage)"}`,
  );
  console.log(
    `RSS +${(rss / MB).toFixed(0)} MB = ${(rss / keys.length / 1000).toFixed(2)} KB/series; array buffers +${(buffers / MB).toFixed(0)} MB = ${(buffers / keys.length / 1000).toFixed(2)} KB/series; JS heap +${(heap / MB).toFixed(0)} MB`,
  );
  // Keep the store reachable until measured.
  if (store.size !== keys.length) throw new Error(`expected ${keys.length} series, got ${store.size}`);
}
