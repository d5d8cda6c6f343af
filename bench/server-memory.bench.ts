// Memory of the running dashboard server with 2,000 consumers and 7 days of history (synthetic fill), against the
// same server watching the same consumers with no history, in the same run. The fill takes the path a restart
// takes: 7 days of buckets for every series are written to SWITCHYARD_HISTORY and the server restores them at start.
// Sizes: BENCH_MEMORY_STREAMS (200) × BENCH_MEMORY_CONSUMERS (10 per stream). Needs `npm run build` first.
import { existsSync, readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { connect } from "@nats-io/transport-node";
import type { EstateSummary } from "@/lib/dto/estate";
import { HistoryPersistence } from "@/lib/metrics/history-persistence";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { provisionStreams } from "./lib/provision";
import { estateSeriesKeys, fillHistory } from "./lib/synthetic-history";

const PORT = Number(process.env.BENCH_MEMORY_PORT || 39991);
const STREAMS = Number(process.env.BENCH_MEMORY_STREAMS || 200);
const CONSUMERS = Number(process.env.BENCH_MEMORY_CONSUMERS || 10);
const ENV = "bench";
const POLL_MS = 5000;
const MiB = 1024 * 1024;
const base = `http://127.0.0.1:${PORT}/api/env/${ENV}`;

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} → ${response.status}`);
  return (await response.json()) as T;
}

/** Polls `check` every 250 ms (sampling the server's RSS meanwhile) until it holds; returns the peak RSS seen. */
async function until(
  app: ChildProcess,
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let peak = 0;
  for (;;) {
    peak = Math.max(peak, rssMiB(app.pid!));
    if (await check().catch(() => false)) return peak;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every closed bucket of every tier of every series, as the collector would have persisted them over 7 days. */
function syntheticHistory(keys: string[]): SeriesStore {
  const store = new SeriesStore(defaultTiers(POLL_MS));
  fillHistory(store, keys, Date.now());
  return store;
}

type Measured = { settled: number; peak: number; startMs: number };

/**
 * Starts the server, waits for it to watch every consumer (and, with history, to restore it), exercises it,
 * measures.
 */
async function measureServer(natsUrl: string, withHistory: boolean): Promise<Measured> {
  const started = Date.now();
  const app = startServer(
    PORT,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: natsUrl,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_AUTH: "none",
      SWITCHYARD_POLL_INTERVAL_MS: String(POLL_MS),
    },
    { stdio: QUIET_STDIO },
  );
  try {
    await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, 60_000, app);
    const total = STREAMS * CONSUMERS;
    // The summary counts the application's consumers (the bench's, plus Switchyard's own capture reader).
    const counted = (o: EstateSummary) => o.totals.appConsumers;
    let peak = await until(
      app,
      "every consumer in the overview",
      120_000,
      async () => counted(await json<EstateSummary>(`${base}/overview`)) >= total,
    );
    const lastConsumer = `${base}/streams/B${STREAMS - 1}/consumers/c${CONSUMERS - 1}/series?metric=backlog&range=7d`;
    if (withHistory) {
      // The 1-hour tier is restored last; its 168 buckets for the last consumer mean the restore is through.
      const restored = async () =>
        (await json<{ points: { value: number | null }[] }>(lastConsumer)).points.filter(
          (p) => p.value !== null,
        ).length >= 160;
      peak = Math.max(peak, await until(app, "the history restore", 600_000, restored));
    }
    const startMs = Date.now() - started;
    // Use it like on-call would: the overview and a few consumers' 7-day and 1-hour charts, over a few polls.
    const polls = (await json<EstateSummary>(`${base}/overview`)).poll.pollsTotal;
    for (let i = 0; i < 20; i++) {
      await json(`${base}/overview`);
      await json(`${base}/streams/B${i}/consumers/c0/series?metric=backlog&range=7d`);
      await json(`${base}/streams/B${i}/consumers/c1/series?metric=outRate&range=1h`);
    }
    // Then let it run for six more polls (30 s) and take the median of its resident size over the last 5 s.
    peak = Math.max(
      peak,
      await until(
        app,
        "six more polls",
        90_000,
        async () => (await json<EstateSummary>(`${base}/overview`)).poll.pollsTotal >= polls + 6,
      ),
    );
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      samples.push(rssMiB(app.pid!));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const settled = samples.sort((a, b) => a - b)[samples.length >> 1]!;
    peak = Math.max(peak, ...samples);
    return { settled, peak, startMs };
  } finally {
    await stopChild(app);
  }
}

export default async function main(): Promise<void> {
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("no production build: run `npm run build` before this bench");
  const server = await NatsServerProcess.start({});
  const nc = await connect({ servers: server.url });
  try {
    await provisionStreams(nc, STREAMS, CONSUMERS);
    const baseline = await measureServer(server.url, false);
    const keys = estateSeriesKeys(STREAMS, CONSUMERS);
    const t = performance.now();
    const published = await new HistoryPersistence(ENV, syntheticHistory(keys)).persistClosed(nc);
    const fillSeconds = (performance.now() - t) / 1000;
    const filled = await measureServer(server.url, true);
    const mb = (mib: number) => ((mib * MiB) / 1e6).toFixed(0);
    console.log(
      `${STREAMS * CONSUMERS} consumers in ${STREAMS} streams = ${keys.length} series; 7 days of history = ${published} bucket messages written in ${fillSeconds.toFixed(1)} s`,
    );
    console.log(
      `baseline (same server, same consumers, no history): RSS ${baseline.settled.toFixed(0)} MiB settled, peak ${baseline.peak.toFixed(0)} MiB`,
    );
    console.log(
      `with 7 days of history: RSS ${filled.settled.toFixed(0)} MiB = ${mb(filled.settled)} MB settled (issue 12: ≤ 400 MB at 1,000×10), peak ${filled.peak.toFixed(0)} MiB = ${mb(filled.peak)} MB while restoring; restored and serving ${(filled.startMs / 1000).toFixed(1)} s after start`,
    );
    console.log(
      `history costs +${(filled.settled - baseline.settled).toFixed(0)} MiB → ratio ${(filled.settled / baseline.settled).toFixed(2)} of the baseline server`,
    );
  } finally {
    await nc.close();
    await server.stop();
  }
}
