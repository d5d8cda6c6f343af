// Conversation lookup in large streams (subject-keyed and header-keyed, warm and cold server caches, with
// where the time goes),
// the conversations list, and the index: each against a baseline measured in the same run.
// Sizes: TRACES_BENCH_MESSAGES (default 1,000,000 per stream), TRACES_BENCH_RUNS (default 20 warm lookups),
// TRACES_BENCH_COLD_RUNS (default 5 lookups each after the server dropped its block caches),
// TRACES_BENCH_CONVERSATION (default 50 messages).
import { loadavg } from "node:os";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { KeyRule } from "@/lib/config/schema";
import type { ConversationListQuery } from "@/lib/dto/traces";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { CONVERSATION_HEADERS, traceSettings } from "@/lib/keys/key-rules";
import { listConversations, type ListDeps } from "@/lib/traces/list-conversations";
import { lookupConversation, type LookupTimings } from "@/lib/traces/lookup-conversation";
import { getStoredMessage } from "@/lib/traces/msg-get";
import { SummaryCache } from "@/lib/traces/summary-cache";
import { TraceIndexer } from "@/lib/traces/trace-indexer";

const N = Number(process.env.TRACES_BENCH_MESSAGES || 1_000_000);
const RUNS = Number(process.env.TRACES_BENCH_RUNS || 20);
const COLD_RUNS = Number(process.env.TRACES_BENCH_COLD_RUNS || 5);
const CONV = Number(process.env.TRACES_BENCH_CONVERSATION || 50);
/** Its CONV messages spread evenly over the whole stream: the worst case for 2.9's in-block scans. */
const SPREAD = "conv-bench-target";
/** Its CONV messages within a window of CONV × 200 messages in the middle of the stream, like a real conversation. */
const CLUSTERED = "conv-bench-clustered";
/** The header-keyed target lives only in the request stream, so its lookup is the index path alone. */
const HEADER_TARGET = "conv-bench-headers";
const BATCH = 5000;
/**
 * nats-server 2.9 drops a block's message cache and per-subject state after 5 s without access; its timer may
 * add as much again.
 */
const CACHE_EXPIRY_WAIT_MS = 11_000;
const SUBJECT_RULE: KeyRule = {
  subjects: "conversations.*.messages",
  key: { subjectToken: 2 },
  role: "conversation",
};
const HEADER_RULE: KeyRule = {
  subjects: "tools.execute.>",
  key: { header: CONVERSATION_HEADERS },
  role: "request",
};

/** Nearest-rank percentiles (p95 of 20 runs is the second slowest). */
const rank = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * p) - 1))]!;
const p95 = (xs: number[]) => rank(xs, 0.95);
const p50 = (xs: number[]) => rank(xs, 0.5);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const f1 = (x: number) => x.toFixed(1);
const load = () =>
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function conversationAt(i: number, target: string, withClustered: boolean): string {
  const every = Math.floor(N / CONV);
  if (i % every === 0 && i / every < CONV) return target;
  const window = i - Math.floor(N / 2);
  if (withClustered && window >= 0 && window < CONV * 200 && window % 200 === 100) return CLUSTERED;
  return `conv-${(i * 7919) % Math.max(1, Math.floor(N / 10))}`;
}

/** Fills a stream with N messages of ~N/10 conversations, plus the targets. */
async function fill(
  nc: NatsConnection,
  subjectFor: (conversation: string, i: number) => string,
  withHeader: boolean,
  target: string,
): Promise<void> {
  const body = new TextEncoder().encode(JSON.stringify({ role: "tool", content: "x".repeat(100) }));
  for (let i = 0; i < N; i++) {
    const conversation = conversationAt(i, target, !withHeader);
    const h = withHeader ? headers() : undefined;
    if (h) {
      h.set("Conversation-Id", conversation);
      h.set("Request-Id", `req-${i}`);
      h.set("Tool", "crm_lookup");
    }
    nc.publish(subjectFor(conversation, i), body, { headers: h });
    if (i % BATCH === BATCH - 1) await nc.flush();
  }
  await nc.flush();
}

/** Polls until `check` holds (the test helper imports vitest, which a bench cannot). */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await sleep(options.intervalMs ?? 50);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** Baseline: read the whole stream with an ordered consumer and keep what matches (what you do without traces). */
async function fullScan(
  nc: NatsConnection,
  stream: string,
  match: (subject: string, conversation: string | undefined) => boolean,
  headersOnly: boolean,
): Promise<number> {
  const consumer = await jetstream(nc).consumers.get(stream, {
    deliver_policy: DeliverPolicy.All,
    headers_only: headersOnly,
  });
  const messages = await consumer.consume({ max_messages: 5000 });
  let found = 0;
  for await (const msg of messages) {
    if (match(msg.subject, msg.headers?.get("Conversation-Id"))) found++;
    if (msg.info.pending === 0) break;
  }
  await messages.close();
  return found;
}

/**
 * Baseline: the lookup before this change — next_by_subj gets from sequence 1 until the server has no further
 * message.
 */
async function chainFromStart(nc: NatsConnection, stream: string, filter: string): Promise<number> {
  const counter = { requests: 0 };
  let seq = 1;
  let found = 0;
  for (;;) {
    const next = await getStoredMessage(nc, "$JS.API", stream, { seq, next_by_subj: filter }, counter);
    if (!next) return found;
    found++;
    seq = next.seq + 1;
  }
}

/** Builds an indexer with `rules` and reports its build rate and heap growth. */
async function buildIndexer(
  connection: EnvironmentConnection,
  rules: KeyRule[],
  expect: { entries: number; feedMessages: number },
  label: string,
): Promise<{ indexer: TraceIndexer; heap: number }> {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const indexer = new TraceIndexer(
    connection,
    traceSettings({ indexMaxMessages: N + 10_000, keyRules: rules }),
  );
  const feedIndexed = () =>
    indexer
      .status()
      .sources.filter((s) => s.via === "subject feed")
      .reduce((sum, s) => sum + s.indexed, 0);
  const [buildMs] = await timed(async () => {
    await indexer.discover();
    await waitFor(() => indexer.index.size >= expect.entries && feedIndexed() >= expect.feedMessages, {
      timeoutMs: 900_000,
      intervalMs: 200,
      what: `${label}: ${expect.entries} entries, ${expect.feedMessages} fed`,
    });
  });
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed - heapBefore;
  const total = expect.entries + expect.feedMessages;
  console.log(
    `${label}: ${f1(total / (buildMs / 1000) / 1000)}k msgs/s headers-only (${f1(buildMs / 1000)} s for ${total.toLocaleString("en-US")}); heap +${mb(heap)} (${load()})${globalThis.gc ? "" : " (no --expose-gc: heap figures include garbage)"}`,
  );
  return { indexer, heap };
}

type Runs = { times: number[]; timings: LookupTimings[]; requests: number };

const emptyRuns = (): Runs => ({ times: [], timings: [], requests: 0 });

async function lookupOnce(
  deps: ListDeps,
  id: string,
  into: Runs,
  check: (messages: number) => void,
): Promise<void> {
  const counter = { requests: 0 };
  const [ms, timeline] = await timed(() =>
    lookupConversation(deps, id, { counter, timings: (t) => into.timings.push(t) }),
  );
  check(timeline.marks.length);
  into.times.push(ms);
  into.requests = counter.requests;
}

/** Median time of each part of the lookups (subject reads and payload gets run at the same time). */
function breakdown(runs: Runs): string {
  const t = runs.timings;
  const streams = [...new Set(t.flatMap((x) => x.subjectReads.map((r) => r.stream)))];
  const reads = streams.map((stream) => {
    const rs = t.map((x) => x.subjectReads.find((r) => r.stream === stream)!).filter(Boolean);
    return `subject gets ${stream} ${f1(p50(rs.map((r) => r.ms)))} ms (${rs[0]?.requests ?? 0} requests: last by subject, ${rs[0]?.plan})`;
  });
  return [
    ...reads,
    `index ${f1(p50(t.map((x) => x.indexMs)))} ms (${t[0]?.indexEntries ?? 0} entries)`,
    `payload gets ${f1(p50(t.map((x) => x.payloadsMs)))} ms (${t[0]?.payloadGets ?? 0})`,
    `advisories ${f1(p50(t.map((x) => x.advisoriesMs)))} ms`,
    `assembly ${f1(p50(t.map((x) => x.assembleMs)))} ms`,
  ].join("; ");
}

const COLD = `each after ${CACHE_EXPIRY_WAIT_MS / 1000} s idle: server block caches dropped, OS page cache kept`;

function report(label: string, warm: Runs, cold: Runs, target: number, baseline: string): void {
  console.log(
    `${label}: warm p95 ${f1(p95(warm.times))} ms, p50 ${f1(p50(warm.times))} ms (${warm.times.length} runs, ${warm.requests} requests each, target ≤ ${target} ms p95); ${baseline}`,
  );
  console.log(`  warm parts (median): ${breakdown(warm)}`);
  if (cold.times.length) {
    console.log(
      `  cold (${COLD}): p95 ${f1(p95(cold.times))} ms, p50 ${f1(p50(cold.times))} ms, max ${f1(Math.max(...cold.times))} ms (${cold.times.length} runs)`,
    );
    console.log(`  cold parts (median): ${breakdown(cold)}`);
  }
}

async function benchLookups(nc: NatsConnection, deps: ListDeps): Promise<void> {
  const exactly = (stream: string, n: number) => (marks: number) => {
    if (marks !== n) throw new Error(`lookup found ${marks} messages in ${stream}, expected ${n}`);
  };
  const subjectOf = (id: string) => `conversations.${id}.messages`;
  const [scanMs, scanned] = await timed(() =>
    fullScan(nc, "BENCH_CONVERSATIONS", (subject) => subject === subjectOf(SPREAD), false),
  );
  if (scanned !== CONV) throw new Error(`scan found ${scanned}`);

  for (const [id, layout] of [
    [SPREAD, `spread over all ${N.toLocaleString("en-US")} messages`],
    [CLUSTERED, `within ${(CONV * 200).toLocaleString("en-US")} messages mid-stream`],
  ] as const) {
    const check = exactly("BENCH_CONVERSATIONS", CONV);
    // The previous implementation (next_by_subj gets from #1 until the server has no further message) runs
    // alternately with the lookup, so both see the same load.
    const previous = async () => {
      const [ms, found] = await timed(() => chainFromStart(nc, "BENCH_CONVERSATIONS", subjectOf(id)));
      if (found !== CONV) throw new Error(`baseline chain found ${found}`);
      return ms;
    };
    await previous();
    await lookupOnce(deps, id, emptyRuns(), check);
    const warm = emptyRuns();
    const warmBefore: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      warmBefore.push(await previous());
      await lookupOnce(deps, id, warm, check);
    }
    const cold = emptyRuns();
    const coldBefore: number[] = [];
    for (let r = 0; r < COLD_RUNS; r++) {
      await sleep(CACHE_EXPIRY_WAIT_MS);
      await lookupOnce(deps, id, cold, check);
      await sleep(CACHE_EXPIRY_WAIT_MS);
      coldBefore.push(await previous());
    }
    report(
      `subject-keyed lookup, ${CONV} messages ${layout} (${load()})`,
      warm,
      cold,
      150,
      `previous implementation (gets from #1 to the end) warm p95 ${f1(p95(warmBefore))} ms, p50 ${f1(p50(warmBefore))} ms → ${f1(p95(warmBefore) / p95(warm.times))}× (p95)` +
        (coldBefore.length
          ? `, cold p95 ${f1(p95(coldBefore))} ms, p50 ${f1(p50(coldBefore))} ms → ${f1(p95(coldBefore) / p95(cold.times))}×`
          : "") +
        `; full filtered scan ${scanMs.toFixed(0)} ms → ${f1(scanMs / p95(warm.times))}×`,
    );
  }

  const [headerScanMs, headerScanned] = await timed(() =>
    fullScan(nc, "BENCH_REQUESTS", (_, conversation) => conversation === HEADER_TARGET, true),
  );
  if (headerScanned !== CONV) throw new Error(`header scan found ${headerScanned}`);
  const check = exactly("BENCH_REQUESTS", CONV);
  await lookupOnce(deps, HEADER_TARGET, emptyRuns(), check);
  const warm = emptyRuns();
  for (let r = 0; r < RUNS; r++) await lookupOnce(deps, HEADER_TARGET, warm, check);
  const cold = emptyRuns();
  for (let r = 0; r < COLD_RUNS; r++) {
    await sleep(CACHE_EXPIRY_WAIT_MS);
    await lookupOnce(deps, HEADER_TARGET, cold, check);
  }
  report(
    `header-keyed lookup, ${CONV} messages spread over ${N.toLocaleString("en-US")} (${load()})`,
    warm,
    cold,
    300,
    `headers-only full scan ${headerScanMs.toFixed(0)} ms → ${f1(headerScanMs / p95(warm.times))}×`,
  );
}

/**
 * A page of recent conversations: every row looked up (as before) against rows reused until their
 * conversation changes.
 */
async function benchList(nc: NatsConnection, deps: ListDeps): Promise<void> {
  const query: ConversationListQuery = { limit: 50 };
  const uncachedDeps: ListDeps = {
    ...deps,
    indexer: { ...pickIndexer(deps.indexer), summaries: new SummaryCache(0) },
  };
  const list = (d: ListDeps) => {
    const counter = { requests: 0 };
    return timed(() => listConversations(d, query, { counter })).then(([ms, page]) => ({
      ms,
      page,
      requests: counter.requests,
    }));
  };
  await list(uncachedDeps);
  const uncached: number[] = [];
  let uncachedRequests = 0;
  for (let r = 0; r < RUNS; r++) {
    const { ms, requests } = await list(uncachedDeps);
    uncached.push(ms);
    uncachedRequests = requests;
  }
  const first = await list(deps);
  const cached: number[] = [];
  let cachedRequests = 0;
  for (let r = 0; r < RUNS; r++) {
    const { ms, requests } = await list(deps);
    cached.push(ms);
    cachedRequests = requests;
  }
  // Five of the listed conversations get a message: the next page looks up those five only.
  const changed = first.page.conversations.slice(0, 5).map((c) => c.conversationId);
  const fingerprints = changed.map((id) => deps.indexer.fingerprint(id));
  for (const id of changed)
    nc.publish(`conversations.${id}.messages`, JSON.stringify({ role: "assistant", content: "later" }));
  await nc.flush();
  await waitFor(() => changed.every((id, i) => deps.indexer.fingerprint(id) !== fingerprints[i]), {
    what: "the subject feed to see the new messages",
  });
  const afterChange = await list(deps);
  if (afterChange.page.conversations.length !== 50)
    throw new Error(`list has ${afterChange.page.conversations.length} rows`);
  console.log(
    `conversations list, 50 rows from an index of ${deps.indexer.index.size.toLocaleString("en-US")} entries / ${deps.indexer.index.conversations.toLocaleString("en-US")} conversations (${load()}): ` +
      `cached p95 ${f1(p95(cached))} ms, p50 ${f1(p50(cached))} ms (${cachedRequests} NATS requests); every row looked up (baseline) p95 ${f1(p95(uncached))} ms, p50 ${f1(p50(uncached))} ms (${uncachedRequests} requests) → ${f1(p95(uncached) / p95(cached))}×; ` +
      `first page ${f1(first.ms)} ms; after 5 conversations changed ${f1(afterChange.ms)} ms (${afterChange.requests} requests)`,
  );
}

/** The indexer's read side as a plain object (so the baseline can swap in a cache that keeps nothing). */
function pickIndexer(indexer: ListDeps["indexer"]): Omit<ListDeps["indexer"], "summaries"> {
  return {
    index: indexer.index,
    advisories: indexer.advisories,
    settings: indexer.settings,
    status: () => indexer.status(),
    subjectStreams: (rule) => indexer.subjectStreams(rule),
    planFor: (stream, pattern, id) => indexer.planFor(stream, pattern, id),
    fingerprint: (id, now) => indexer.fingerprint(id, now),
    untappedWorkQueues: () => indexer.untappedWorkQueues(),
  };
}

export default async function bench(): Promise<void> {
  const server = await NatsServerProcess.start();
  const nc = await connect({ servers: server.url });
  const connection = new EnvironmentConnection({
    name: "bench",
    servers: [server.url],
    deadLetterStreams: [],
  }).start();
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: "BENCH_CONVERSATIONS",
      subjects: ["conversations.*.messages"],
      max_msgs: -1,
    });
    await jsm.streams.add({ name: "BENCH_REQUESTS", subjects: ["tools.execute.>"], max_msgs: -1 });
    console.log(
      `filling 2 streams × ${N.toLocaleString("en-US")} messages (targets: ${CONV} messages each)… (${load()})`,
    );
    const [fillMs] = await timed(async () => {
      await fill(nc, (c) => `conversations.${c}.messages`, false, SPREAD);
      await fill(nc, (_, i) => `tools.execute.tool${i % 4}`, true, HEADER_TARGET);
      await waitFor(
        async () =>
          (await jsm.streams.info("BENCH_CONVERSATIONS")).state.messages === N &&
          (await jsm.streams.info("BENCH_REQUESTS")).state.messages === N,
        { timeoutMs: 600_000, intervalMs: 500, what: "streams filled" },
      );
    });
    console.log(`filled in ${f1(fillMs / 1000)} s`);
    await waitFor(() => connection.status().state === "connected", { what: "connected" });

    // The header index alone (target ≥ 20,000 msgs/s, ≤ 200 MB per 1,000,000 entries), then with the subject feed.
    const alone = await buildIndexer(
      connection,
      [HEADER_RULE],
      { entries: N, feedMessages: 0 },
      "header index build",
    );
    console.log(
      `  → ${mb((alone.heap / N) * 1_000_000)} per 1,000,000 indexed messages (target ≤ 200 MB = 190.7 MiB)`,
    );
    alone.indexer.stop();
    const full = await buildIndexer(
      connection,
      [SUBJECT_RULE, HEADER_RULE],
      { entries: N, feedMessages: N },
      "header index + subject feed build",
    );
    const indexer = full.indexer;
    const feedConversations = indexer.status().sources.filter((s) => s.via === "subject feed").length;
    console.log(
      `  → subject feed ≈ ${mb(full.heap - alone.heap)} for ${N.toLocaleString("en-US")} messages of ~${(N / 10).toLocaleString("en-US")} conversations (${feedConversations} feed)`,
    );

    const deps: ListDeps = { nc, prefix: "$JS.API", indexer };
    await benchLookups(nc, deps);
    await benchList(nc, deps);
    indexer.stop();
  } finally {
    await connection.stop();
    await nc.close();
    await server.stop();
  }
}
