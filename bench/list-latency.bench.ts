// The list API's answer time while the server polls a large estate: `GET …/streams?filter=` every 50 ms for a while,
// against the same at 20×10 in the same run (the baseline). The tail (p99, max) is where a poll's work or a garbage
// collection holds the server's one thread. Knobs: BENCH_LIST_SIZE ("1000x10"), BENCH_LIST_SECONDS (40),
// BENCH_LIST_NODE_FLAGS (replaces the production server's node flags, e.g. "--max-semi-space-size=16"),
// BENCH_LIST_PORT (39981). Needs `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "@nats-io/transport-node";
import type { EstateSummary } from "@/lib/dto/estate";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { QUIET_STDIO, SERVE_ENV, serveArgs, stopChild, waitForHttp } from "../scripts/lib/processes";
import { provisionStreams } from "./lib/provision";
import { percentile } from "./lib/stats";

const PORT = Number(process.env.BENCH_LIST_PORT || 39981);
const SECONDS = Number(process.env.BENCH_LIST_SECONDS || 40);
const SIZE = process.env.BENCH_LIST_SIZE || "1000x10";
const FLAGS = process.env.BENCH_LIST_NODE_FLAGS;
const ENV = "bench";
const base = `http://127.0.0.1:${PORT}`;

const rssMB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1000;

/** The production server as shipped, or with other node flags in place of its own (the script and port stay). */
function serve(natsUrl: string): ChildProcess {
  const args = serveArgs(PORT, "127.0.0.1");
  const script = args.findIndex((a) => !a.startsWith("--"));
  const flags = FLAGS === undefined ? args.slice(0, script) : FLAGS.split(" ").filter(Boolean);
  return spawn(process.execPath, [...flags, ...args.slice(script)], {
    env: {
      ...process.env,
      ...SERVE_ENV,
      NATS_URL: natsUrl,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_AUTH: "none",
      SWITCHYARD_POLL_INTERVAL_MS: "5000",
    },
    stdio: QUIET_STDIO,
  });
}

type Figures = { p50: number; p95: number; p99: number; max: number; n: number; rss: number; pollMs: number };

async function measure(streams: number, consumers: number): Promise<Figures> {
  const server = await NatsServerProcess.start({});
  const nc = await connect({ servers: server.url });
  let app: ChildProcess | undefined;
  try {
    await provisionStreams(nc, streams, consumers);
    app = serve(server.url);
    await waitForHttp(`${base}/api/health`, 60_000, app);
    const summary = async () =>
      (await (await fetch(`${base}/api/env/${ENV}/overview`)).json()) as EstateSummary;
    // Measure once the server has seen the whole estate for a few polls (its history and findings are warm).
    const deadline = Date.now() + 180_000;
    for (;;) {
      const s = await summary();
      if (s.totals.appConsumers >= streams * consumers && s.poll.pollsTotal >= 3) break;
      if (Date.now() > deadline) throw new Error("the server never saw the whole estate");
      await new Promise((r) => setTimeout(r, 500));
    }
    const times: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    for (let i = 0; Date.now() < until; i++) {
      const started = performance.now();
      await (await fetch(`${base}/api/env/${ENV}/streams?filter=b${i % 100}&limit=25`)).arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    const poll = (await summary()).poll;
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      max: percentile(times, 100),
      n: times.length,
      rss: rssMB(app.pid!),
      pollMs: poll.durationMs ?? Number.NaN,
    };
  } finally {
    await stopChild(app);
    await nc.close();
    await server.stop();
  }
}

export default async function main(): Promise<void> {
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("no production build: run `npm run build` before this bench");
  const [streams, consumers] = SIZE.split("x").map(Number) as [number, number];
  console.log(`node flags: ${FLAGS ?? "as shipped"}; ${SECONDS} s of GET …/streams?filter= every 50 ms`);
  const baseline = await measure(20, 10);
  const large = await measure(streams, consumers);
  for (const [name, figures] of [
    ["20×10 (baseline)", baseline],
    [`${SIZE}`, large],
  ] as const)
    console.log(
      `  ${name.padEnd(18)} n=${figures.n} p50 ${figures.p50.toFixed(0)} ms, p95 ${figures.p95.toFixed(0)} ms, p99 ${figures.p99.toFixed(0)} ms, max ${figures.max.toFixed(0)} ms; last poll ${figures.pollMs.toFixed(0)} ms; RSS ${figures.rss.toFixed(0)} MB`,
    );
  const ratio = (key: "p95" | "p99" | "max") => (large[key] / baseline[key]).toFixed(2);
  console.log(`  ${SIZE} ÷ 20×10: p95 ×${ratio("p95")}, p99 ×${ratio("p99")}, max ×${ratio("max")}`);
}
