// API latency and NATS load: overview and a 24 h series at 50 concurrent clients while the collector polls, and
// the collector's NATS requests per minute with 1 vs 50 open browsers (SSE) — measured on the server's /connz.
// Sizes: BENCH_API_SECONDS (default 10) per phase, BENCH_API_CLIENTS (default 50).
import { readFileSync } from "node:fs";
import { median, ms, percentile } from "./lib/stats";
import { startAppStack } from "./lib/app-stack";
import { loadClosed, loadOpen } from "./lib/http-load";

const PORT = Number(process.env.BENCH_API_PORT || 39990);
const ENV = "bench";

/** Messages the dashboard's own NATS connection has sent (its requests), from the server's /connz. */
async function switchyardRequests(monitorUrl: string): Promise<number> {
  const connz = (await (await fetch(`${monitorUrl}/connz?limit=1024`)).json()) as {
    connections: { name?: string; in_msgs: number }[];
  };
  return connz.connections.filter((c) => c.name === `switchyard:${ENV}`).reduce((n, c) => n + c.in_msgs, 0);
}

async function requestsPerMinuteWith(
  browsers: number,
  baseUrl: string,
  monitorUrl: string,
  seconds: number,
): Promise<number> {
  const controllers = Array.from({ length: browsers }, () => new AbortController());
  await Promise.all(
    controllers.map((c) =>
      fetch(`${baseUrl}/api/env/${ENV}/events`, { signal: c.signal }).then(
        (r) => void r.body?.getReader().read(),
      ),
    ),
  );
  const before = await switchyardRequests(monitorUrl);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await switchyardRequests(monitorUrl);
  controllers.forEach((c) => c.abort());
  return ((after - before) / seconds) * 60;
}

export default async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_API_SECONDS || 10);
  const clients = Number(process.env.BENCH_API_CLIENTS || 50);
  const stack = await startAppStack(
    PORT,
    ENV,
    { seed: 11, conversationsPerMinute: 120, timeScale: 0.2 },
    { SWITCHYARD_POLL_INTERVAL_MS: "1000" },
  );
  try {
    // Let the collector gather some history first.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rssOf = () =>
      Number(
        /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${stack.app.pid}/status`, "utf8"))?.[1] ?? Number.NaN,
      ) / 1024;
    const idleRss = rssOf();
    const health = await loadClosed(`${stack.baseUrl}/api/health`, 1, 2);
    const urls = [
      ["overview", `${stack.baseUrl}/api/env/${ENV}/overview`],
      [
        "24 h series",
        `${stack.baseUrl}/api/env/${ENV}/streams/TOOL_REQUESTS/consumers/worker-crm_lookup/series?metric=backlog&range=24h`,
      ],
    ] as const;
    const baseline = median(health);
    console.log(`baseline: /api/health, 1 client: p50 ${ms(baseline)}`);
    for (const [name, url] of urls) {
      const open = await loadOpen(url, clients, 1000, seconds);
      const p95 = percentile(open, 95);
      console.log(
        `${name}, ${clients} clients each refreshing every 1 s: ${open.length} requests, p50 ${ms(median(open))}, p95 ${ms(p95)} (target ≤ 50 ms) = ${(p95 / baseline).toFixed(1)}× the idle health p50`,
      );
      const closed = await loadClosed(url, clients, seconds);
      console.log(
        `  saturated (${clients} clients back to back): ${(closed.length / seconds).toFixed(0)} req/s, p95 ${ms(percentile(closed, 95))}`,
      );
    }
    const one = await requestsPerMinuteWith(1, stack.baseUrl, stack.server.monitorUrl!, seconds);
    const fifty = await requestsPerMinuteWith(clients, stack.baseUrl, stack.server.monitorUrl!, seconds);
    console.log(
      `dashboard server RSS: ${idleRss.toFixed(0)} MiB before the load, ${rssOf().toFixed(0)} MiB after it (with 2,000 consumers × 7 days of history: see the server-memory bench)`,
    );
    console.log(
      `NATS messages/min from Switchyard: ${one.toFixed(0)} with 1 browser, ${fifty.toFixed(0)} with ${clients} browsers → ratio ${(fifty / one).toFixed(2)} (target 1.0; the poll loop is per environment, not per browser)`,
    );
  } finally {
    await stack.stop();
  }
}
