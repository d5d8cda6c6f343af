// A large estate end to end: N streams × C consumers on its own nats-server, the production server started as
// `npm start` starts it, Chromium driven through Playwright. Prints each figure of issue 12's target table next to
// its target and a same-run baseline (the smallest size's figure; for the poll, a bare list loop timed alongside).
// Knobs: BENCH_SCALE_SIZES ("20x10,500x10,1000x10"), BENCH_SCALE_TABS (200) and BENCH_SCALE_TABS_SECONDS (300)
// for the open-tabs soak (at the last size), BENCH_SCALE_POLL_MS (5000), BENCH_SCALE_PORT (39961), BENCH_SCALE_APP_DIR (another
// built checkout to measure instead, e.g. main's code for before/after). Needs `npm run build` first.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ChildProcess } from "node:child_process";
import { chromium } from "@playwright/test";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { listAll, type ApiCounter } from "@/lib/nats/jetstream-api";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { filterLatencies, loadPage, scrollGap, type KeyLatency } from "./lib/browser-figures";
import { provisionStreams } from "./lib/provision";
import { openSse } from "./lib/sse-meter";
import { median, percentile } from "./lib/stats";

const PORT = Number(process.env.BENCH_SCALE_PORT || 39961);
const POLL_MS = Number(process.env.BENCH_SCALE_POLL_MS || 5000);
const TABS = Number(process.env.BENCH_SCALE_TABS ?? 200);
const TABS_SECONDS = Number(process.env.BENCH_SCALE_TABS_SECONDS ?? 300);
const APP_DIR = resolve(process.env.BENCH_SCALE_APP_DIR || ".");
const ENV = "bench";
const PAGE_TIMEOUT_MS = 90_000;
const base = `http://127.0.0.1:${PORT}`;

type Figures = Record<string, number | null>;

const rssMB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1000;

async function bareLoop(nc: NatsConnection): Promise<number> {
  const counter: ApiCounter = { requests: 0 };
  const started = performance.now();
  const streams = await listAll<{ config: { name: string } }>(
    nc,
    "$JS.API",
    "STREAM.LIST",
    "streams",
    counter,
  );
  await Promise.all(
    streams.map((s) => listAll(nc, "$JS.API", `CONSUMER.LIST.${s.config.name}`, "consumers", counter)),
  );
  return performance.now() - started;
}

/**
 * The overview's size and time to first byte: the first request after start on its own (Next loads and compiles the
 * route's code then: ~300 ms at any size), then the p95 of 40 more (of 20, the p95 would be the slowest one: `percentile` takes the nearest rank).
 */
async function htmlFigures(): Promise<Figures> {
  const ttfb: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 41; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/${ENV}`);
    ttfb.push(performance.now() - started);
    bytes = (await response.arrayBuffer()).byteLength;
  }
  return {
    "overview HTML (KB)": bytes / 1000,
    "overview TTFB, first request after start (ms)": ttfb[0]!,
    "overview TTFB p95 (ms)": percentile(ttfb.slice(1), 95),
  };
}

async function browserFigures(): Promise<{ figures: Figures; eventsUrl: string | null }> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Note the URL of every event stream the tab opens (a stream that never ends has no resource timing entry).
    await page.addInitScript(
      `(() => { const Original = window.EventSource; window.benchStreams = [];
        window.EventSource = class extends Original {
          constructor(url, init) { super(url, init); window.benchStreams.push(new URL(url, location.href).href); }
        }; })()`,
    );
    const overview = await loadPage(page, `${base}/${ENV}`, PAGE_TIMEOUT_MS);
    // The event stream the tab opened, to measure what one tab receives per poll.
    const eventsUrl = await page.evaluate<string | null>(`window.benchStreams?.at(-1) ?? null`);
    // Type only once the page is live (hydrated: its event stream is open), as a user would after it rendered.
    const hydrated =
      overview.visibleMs !== null &&
      (await page
        // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
        .waitForFunction(
          () => ((window as unknown as { benchStreams?: string[] }).benchStreams?.length ?? 0) > 0,
          undefined,
          { timeout: PAGE_TIMEOUT_MS },
        )
        .then(() => true)
        .catch((error: unknown) => {
          console.log(`  (page not live: ${String(error).split("\n")[0]}; url ${page.url()})`);
          return false;
        }));
    // Two words, six keys (the first typed as the page goes live); the p95 of six is their slowest.
    const keys = hydrated
      ? [...(await filterLatencies(page, "b12", 30_000)), ...(await filterLatencies(page, "b45", 30_000))]
      : [];
    console.log(
      `  (filter keystrokes: ${keys.map((k) => (k === null ? "timeout" : `${k.page} ms`)).join(", ")})`,
    );
    const answered = keys.filter((k): k is KeyLatency => k !== null);
    const allAnswered = answered.length === keys.length && keys.length > 0;
    const gap = overview.visibleMs === null ? null : await scrollGap(page);
    const streams = await loadPage(page, `${base}/${ENV}/streams`, PAGE_TIMEOUT_MS);
    return {
      eventsUrl,
      figures: {
        "overview content visible (ms)": overview.visibleMs,
        "overview DOMContentLoaded (ms)": overview.domContentLoadedMs,
        "DOM nodes, overview": overview.domNodes,
        "DOM nodes, streams page": streams.domNodes,
        "streams page visible (ms)": streams.visibleMs,
        "filter keystroke → rows p95 (ms)": allAnswered
          ? percentile(
              answered.map((k) => k.page),
              95,
            )
          : null,
        "filter, as the driver sees it, p95 (ms)": allAnswered
          ? percentile(
              answered.map((k) => k.driver),
              95,
            )
          : null,
        "scroll: longest frame gap (ms)": gap,
      },
    };
  } finally {
    await browser.close();
  }
}

/**
 * One tab's bytes per poll and the poll's cost next to a bare list loop. The loop runs halfway between two polls, when
 * the server is idle as it is when its own poll's requests go out: right after a poll it would compete for the two
 * cores with the server's derivations and the delivery of every tab's events (and, in the soak, with this process
 * reading 200 event streams), and the ratio would measure that contention instead.
 */
async function pollFigures(nc: NatsConnection, eventsUrl: string): Promise<Figures> {
  const tab = await openSse(eventsUrl);
  try {
    await tab.waitPolls(1, 10 * POLL_MS);
    const bytesBefore = tab.bytesSinceFirst();
    const pollsBefore = tab.polls();
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      await tab.waitPolls(1, 10 * POLL_MS);
      await new Promise((r) => setTimeout(r, POLL_MS / 2));
      bare.push(await bareLoop(nc));
    }
    const polls = tab.polls() - pollsBefore;
    const server = tab.durations().slice(-5);
    return {
      "SSE bytes per tab per poll (KB)": (tab.bytesSinceFirst() - bytesBefore) / polls / 1000,
      "poll in server (ms, median)": median(server),
      "poll's JetStream requests (median)": median(tab.requests().slice(-5)),
      "bare list loop (ms, median)": median(bare),
      "poll ÷ bare loop": median(server) / median(bare),
    };
  } finally {
    tab.close();
  }
}

/** TABS event streams held open for TABS_SECONDS: the server's RSS and poll ratio at the start and the end. */
async function soak(app: ChildProcess, nc: NatsConnection, eventsUrl: string): Promise<Figures> {
  if (TABS <= 0 || TABS_SECONDS <= 0) return {};
  const tabs = await Promise.all(Array.from({ length: TABS }, () => openSse(eventsUrl)));
  try {
    await tabs[0]!.waitPolls(2, 20 * POLL_MS);
    const start = rssMB(app.pid!);
    const atStart = await pollFigures(nc, eventsUrl);
    const until = Date.now() + TABS_SECONDS * 1000;
    let peak = start;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      peak = Math.max(peak, rssMB(app.pid!));
    }
    const end = rssMB(app.pid!);
    const atEnd = await pollFigures(nc, eventsUrl);
    return {
      [`${TABS} tabs: RSS at start (MB)`]: start,
      [`${TABS} tabs: RSS after ${TABS_SECONDS} s (MB)`]: end,
      [`${TABS} tabs: RSS change (%)`]: ((end - start) / start) * 100,
      [`${TABS} tabs: RSS peak (MB)`]: peak,
      [`${TABS} tabs: poll in server at start (ms)`]: atStart["poll in server (ms, median)"]!,
      [`${TABS} tabs: poll in server at end (ms)`]: atEnd["poll in server (ms, median)"]!,
      [`${TABS} tabs: poll's requests at start`]: atStart["poll's JetStream requests (median)"]!,
      [`${TABS} tabs: poll's requests at end`]: atEnd["poll's JetStream requests (median)"]!,
      [`${TABS} tabs: bare list loop at start (ms)`]: atStart["bare list loop (ms, median)"]!,
      [`${TABS} tabs: bare list loop at end (ms)`]: atEnd["bare list loop (ms, median)"]!,
      [`${TABS} tabs: poll ratio start → end`]: atEnd["poll ÷ bare loop"]! / atStart["poll ÷ bare loop"]!,
    };
  } finally {
    for (const t of tabs) t.close();
  }
}

async function measure(streams: number, consumers: number, withSoak: boolean): Promise<Figures> {
  const server = await NatsServerProcess.start({});
  const nc = await connect({ servers: server.url });
  let app: ChildProcess | undefined;
  try {
    const provisioned = performance.now();
    await provisionStreams(nc, streams, consumers);
    console.log(
      `  provisioned ${streams}×${consumers} in ${((performance.now() - provisioned) / 1000).toFixed(0)} s`,
    );
    app = startServer(
      PORT,
      "127.0.0.1",
      {
        ...process.env,
        NATS_URL: server.url,
        SWITCHYARD_ENV_NAME: ENV,
        SWITCHYARD_AUTH: "none",
        SWITCHYARD_POLL_INTERVAL_MS: String(POLL_MS),
      },
      { stdio: QUIET_STDIO, cwd: APP_DIR },
    );
    await waitForHttp(`${base}/api/health`, 60_000, app);
    // Wait for a poll that saw the whole estate: two polls after start.
    const first = await openSse(`${base}/api/env/${ENV}/events`);
    await first.waitPolls(2, 30 * POLL_MS);
    first.close();
    const figures: Figures = { ...(await htmlFigures()) };
    const browser = await browserFigures();
    Object.assign(figures, browser.figures);
    const eventsUrl = browser.eventsUrl ?? `${base}/api/env/${ENV}/events`;
    Object.assign(figures, await pollFigures(nc, eventsUrl));
    figures["server RSS (MB)"] = rssMB(app.pid!);
    if (withSoak) Object.assign(figures, await soak(app, nc, eventsUrl));
    return figures;
  } finally {
    await stopChild(app);
    await nc.close();
    await server.stop();
  }
}

/** Targets at 1,000×10 (issue 12); null: reported without a target. */
const TARGETS: Record<string, string> = {
  "overview HTML (KB)": "≤ 200",
  "overview TTFB p95 (ms)": "≤ 300",
  "overview content visible (ms)": "≤ 1500",
  "DOM nodes, overview": "≤ 4000",
  "DOM nodes, streams page": "≤ 4000",
  "filter keystroke → rows p95 (ms)": "≤ 150",
  "scroll: longest frame gap (ms)": "≤ 100",
  "SSE bytes per tab per poll (KB)": "≤ 20",
  "poll ÷ bare loop": "≤ 1.5",
  [`${TABS} tabs: RSS change (%)`]: "± 10",
  [`${TABS} tabs: poll ratio start → end`]: "≈ 1",
};

function show(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a (timed out)";
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export default async function main(): Promise<void> {
  if (!existsSync(resolve(APP_DIR, ".next/BUILD_ID")))
    throw new Error(`no production build in ${APP_DIR}: run \`npm run build\` there first`);
  const sizes = (process.env.BENCH_SCALE_SIZES || "20x10,500x10,1000x10")
    .split(",")
    .map((s) => s.split("x").map(Number) as [number, number]);
  console.log(`app: ${APP_DIR}; poll every ${POLL_MS} ms; ${TABS} tabs for ${TABS_SECONDS} s`);
  let baseline: Figures | undefined;
  let baselineName = "";
  for (const [i, [streams, consumers]] of sizes.entries()) {
    console.log(`\n${streams} streams × ${consumers} consumers`);
    // The open-tabs soak runs at the largest (last) size only: it is the 5-minute figure of the target table.
    const figures = await measure(streams, consumers, i === sizes.length - 1);
    if (!baseline) {
      baseline = figures;
      baselineName = `${streams}×${consumers}`;
    }
    for (const [name, value] of Object.entries(figures)) {
      const target = TARGETS[name] ? `target ${TARGETS[name]}` : "";
      const same = baseline[name];
      const vs =
        baseline === figures || same === null || same === undefined
          ? ""
          : `baseline ${baselineName} ${show(same)}${value !== null && same ? ` (×${(value / same).toFixed(2)})` : ""}`;
      console.log(`  ${name.padEnd(42)} ${show(value).padStart(12)}   ${target.padEnd(14)} ${vs}`);
    }
  }
}
