// Tools: the cost of updating per-tool figures per message seen (1,000,000 messages, 100 tools, 50,000
// conversations) against a same-run baseline that only counts requests per tool; percentile accuracy against the
// exact values from the same pairs; memory of 100 tools × 7 days of history; and the tools list and page at 50
// dashboards each refreshing every second (needs `npm run build`).
// Sizes: BENCH_TOOLS_MESSAGES (1,000,000), BENCH_TOOLS_TOOLS (100), BENCH_TOOLS_CONVERSATIONS (50,000),
// BENCH_TOOLS_SECONDS (10) per load phase, BENCH_TOOLS_CLIENTS (50).
import { performance } from "node:perf_hooks";
import { DEFAULT_ORIGIN_HEADERS } from "@/lib/dlq/entries";
import { TOOL_METRICS } from "@/lib/dto/tools";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { rngFor } from "@/lib/simulator/rng";
import { headerValue } from "@/lib/keys/extract-key";
import { traceSettings } from "@/lib/keys/key-rules";
import { ToolFeed, type SeenMessage } from "@/lib/tools/feed-message";
import { toolSettings } from "@/lib/tools/settings";
import { ToolStats } from "@/lib/tools/tool-stats";
import { summarizeTool } from "@/lib/tools/summarize-tools";
import { toolSeriesKey } from "@/lib/tools/tool-series";
import { startAppStack } from "./lib/app-stack";
import { loadOpen } from "./lib/http-load";
import { median, ms, percentile } from "./lib/stats";

const MESSAGES = Number(process.env.BENCH_TOOLS_MESSAGES || 1_000_000);
const TOOLS = Number(process.env.BENCH_TOOLS_TOOLS || 100);
const CONVERSATIONS = Number(process.env.BENCH_TOOLS_CONVERSATIONS || 50_000);
const PORT = Number(process.env.BENCH_TOOLS_PORT || 39993);
const ENV = "bench";
const MiB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

type Event = { at: number; message: SeenMessage; latency?: number; tool?: number };

/**
 * Requests (as the trace tap's copies) and their results, in stored-time order, spread over 8 minutes (≈ 1,000
 * calls/s: the 100,000 calls remembered for pairing cover the slowest call).
 */
function workload(): { events: Event[]; latencies: { at: number; ms: number }[][] } {
  const rng = rngFor(17, "tools-bench");
  const calls = Math.floor(MESSAGES / 2);
  const start = Date.UTC(2026, 0, 1, 12, 0, 0);
  const span = 8 * 60_000;
  const events: Event[] = [];
  const latencies: { at: number; ms: number }[][] = Array.from({ length: TOOLS }, () => []);
  // Each tool has its own latency scale; 2 % of calls take 10-30× longer (a long tail, like timeouts).
  const scale = Array.from({ length: TOOLS }, (_, i) => 20 + ((i * 37) % 100) * 15);
  for (let i = 0; i < calls; i++) {
    const tool = i % TOOLS;
    const conversation = `conv-${(i % CONVERSATIONS).toString(16).padStart(12, "0")}`;
    const requestId = `req-${i.toString(16).padStart(12, "0")}`;
    const at = start + (i / calls) * span;
    const slow = rng.next() < 0.02;
    const latency = scale[tool]! * (0.5 + rng.next()) * (slow ? 10 + rng.next() * 20 : 1);
    latencies[tool]!.push({ at: at + latency, ms: latency });
    const subject = `tools.execute.t${tool}`;
    events.push({
      at,
      message: {
        kind: "tap",
        stream: "SWITCHYARD_TRACE_TAP",
        label: "TOOL_REQUESTS",
        seq: i + 1,
        subject: `switchyard.tap.TOOL_REQUESTS.${subject}`,
        headers: [
          ["Conversation-Id", conversation],
          ["Request-Id", requestId],
          ["traceparent", `00-${"0".repeat(32)}-${"0".repeat(16)}-01`],
          ["Nats-Msg-Id", requestId],
          ["Nats-Stream", "TOOL_REQUESTS"],
          ["Nats-Subject", subject],
          ["Nats-Sequence", String(i + 1)],
          ["Nats-Time-Stamp", new Date(at).toISOString()],
          ["Nats-Msg-Size", "120"],
        ],
        time: at,
        payload: null,
      },
    });
    events.push({
      at: at + latency,
      message: {
        kind: "requests",
        stream: "TOOL_RESULTS",
        label: "TOOL_RESULTS",
        seq: i + 1,
        subject: `tools.result.${conversation}`,
        headers: [
          ["Conversation-Id", conversation],
          ["Request-Id", requestId],
          ["Tool", `t${tool}`],
        ],
        time: at + latency,
        payload: null,
      },
    });
  }
  events.sort((a, b) => a.at - b.at);
  return { events, latencies };
}

/** JS heap plus array buffers (the sketches' and the history's typed arrays live outside the heap). */
function heap(): number {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function updateCost(): Promise<void> {
  const settings = toolSettings({}, traceSettings({}));
  const { events, latencies } = workload();
  console.log(
    `workload: ${events.length.toLocaleString("en-US")} messages (requests through the trace tap + results), ${TOOLS} tools, ${CONVERSATIONS.toLocaleString("en-US")} conversations`,
  );
  // Baseline: what any per-message handling costs at least — read the request id and count per subject.
  const counts = new Map<string, number>();
  let t = performance.now();
  for (const e of events) {
    const id = headerValue(e.message.headers, settings.requestIdHeaders);
    if (id !== null) counts.set(e.message.subject, (counts.get(e.message.subject) ?? 0) + 1);
  }
  const baselineUs = ((performance.now() - t) * 1000) / events.length;
  const before = heap();
  const stats = new ToolStats();
  const feed = new ToolFeed(stats, settings, () => DEFAULT_ORIGIN_HEADERS);
  t = performance.now();
  for (const e of events) feed.feed(e.message);
  const us = ((performance.now() - t) * 1000) / events.length;
  const held = heap() - before;
  console.log(`baseline (read the request id, count per subject): ${baselineUs.toFixed(3)} µs/message`);
  console.log(
    `update tool figures: ${us.toFixed(3)} µs/message (target ≤ 5 µs) = ${(us / baselineUs).toFixed(1)}× the baseline; ${stats.tools.size} tools, ${stats.callCount.toLocaleString("en-US")} calls remembered for pairing, heap +${mb(held)}${globalThis.gc ? "" : " (no --expose-gc: includes garbage)"}`,
  );

  // Accuracy: the window's sketch against the exact quantile (rank ⌊q·(n−1)⌋) of the same pairs: those whose
  // result is stored within the window's minutes.
  const end = events.at(-1)!.at;
  const firstMinute = Math.floor(end / 60_000) - stats.options.windowMinutes + 1;
  let worst = 0;
  let where = "";
  for (const state of stats.tools.values()) {
    const summary = summarizeTool(stats, state, [], end);
    const sorted = latencies[Number(state.name.slice(1))]!.filter(
      (p) => Math.floor(p.at / 60_000) >= firstMinute,
    )
      .map((p) => p.ms)
      .sort((a, b) => a - b);
    for (const [q, got] of [
      [0.5, summary.latency.p50],
      [0.95, summary.latency.p95],
      [0.99, summary.latency.p99],
    ] as const) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
      const error = Math.abs(got! - exact) / exact;
      if (error > worst) [worst, where] = [error, `${state.name} p${q * 100}`];
    }
    if (summary.latency.samples !== sorted.length)
      throw new Error(`${state.name}: ${summary.latency.samples} samples, ${sorted.length} pairs`);
  }
  console.log(
    `percentile accuracy: worst relative error ${(worst * 100).toFixed(3)}% (${where}) over p50/p95/p99 of ${stats.tools.size} tools (target ≤ 1%)`,
  );
}

function historyMemory(): void {
  const baseline = heap();
  const store = new SeriesStore(defaultTiers(5000));
  const keys = Array.from({ length: TOOLS }, (_, i) =>
    TOOL_METRICS.map((m) => toolSeriesKey(`t${i}`, m)),
  ).flat();
  const values = keys.map((_, i) => i % 97);
  const start = Date.UTC(2026, 0, 1);
  const t = performance.now();
  // 7 days at one sample a minute fills every rollup bucket; the last hour (raw tier and 30 s buckets) at the 5 s poll.
  for (let at = start; at < start + 7 * 86_400_000 - 3_600_000; at += 60_000) store.record(at, keys, values);
  for (let at = start + 7 * 86_400_000 - 3_600_000; at < start + 7 * 86_400_000; at += 5000)
    store.record(at, keys, values);
  const held = heap() - baseline;
  console.log(
    `history: ${TOOLS} tools × ${TOOL_METRICS.length} series × 7 days (raw 15 min, 30 s 1 h, 5 min 24 h, 1 h 7 d): heap +${mb(held)} (target ≤ 30 MiB), filled in ${((performance.now() - t) / 1000).toFixed(1)} s; ${(held / keys.length / 1024).toFixed(1)} KiB per series`,
  );
}

async function pageLoad(): Promise<void> {
  const seconds = Number(process.env.BENCH_TOOLS_SECONDS || 10);
  const clients = Number(process.env.BENCH_TOOLS_CLIENTS || 50);
  const stack = await startAppStack(
    PORT,
    ENV,
    { seed: 11, conversationsPerMinute: 120, timeScale: 0.2 },
    { SWITCHYARD_POLL_INTERVAL_MS: "1000" },
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const health = await loadOpen(`${stack.baseUrl}/api/health`, 1, 0, 2);
    const baseline = median(health);
    console.log(`baseline: /api/health, 1 client: p50 ${ms(baseline)}`);
    for (const [name, url] of [
      ["same-run baseline: overview API", `${stack.baseUrl}/api/env/${ENV}/overview`],
      ["tools list API", `${stack.baseUrl}/api/env/${ENV}/tools`],
      ["same-run baseline: overview page (HTML, a first load)", `${stack.baseUrl}/${ENV}`],
      ["tools page (HTML, a first load)", `${stack.baseUrl}/${ENV}/tools`],
      ["one tool API", `${stack.baseUrl}/api/env/${ENV}/tools/crm_lookup`],
    ] as const) {
      const open = await loadOpen(url, clients, 1000, seconds);
      const p95 = percentile(open, 95);
      // Open dashboards refresh through the API after each poll; the HTML is what a first load (or reload) costs.
      const target = name.includes("HTML") ? "no target: open dashboards do not reload it" : "target ≤ 50 ms";
      console.log(
        `${name}, ${clients} clients each every 1 s: ${open.length} requests, p50 ${ms(median(open))}, p95 ${ms(p95)} (${target}) = ${(p95 / baseline).toFixed(1)}× the idle health p50`,
      );
    }
  } finally {
    await stack.stop();
  }
}

export default async function main(): Promise<void> {
  if (!globalThis.gc) {
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    (globalThis as { gc?: () => void }).gc = runInNewContext("gc") as () => void;
  }
  await updateCost();
  historyMemory();
  await pageLoad();
}
