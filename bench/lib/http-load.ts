// HTTP load for the benches: closed loops (each client sends its next request when the last answered) and open
// loops (each client sends one request every `everyMs`, staggered, like dashboards refreshing on their own).
import { performance } from "node:perf_hooks";

async function timedFetch(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return performance.now() - t;
}

/** Closed loop: `clients` requests in flight for `seconds`; the latency of each. */
export async function loadClosed(url: string, clients: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) latencies.push(await timedFetch(url));
    }),
  );
  return latencies;
}

/** Open loop: each client sends one request every `everyMs` (staggered) for `seconds`; the latency of each. */
export async function loadOpen(
  url: string,
  clients: number,
  everyMs: number,
  seconds: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * everyMs) / clients));
      while (performance.now() < until) {
        const took = await timedFetch(url);
        latencies.push(took);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - took)));
      }
    }),
  );
  return latencies;
}
