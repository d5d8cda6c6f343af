// Conversation lookup in a large stream: subject-keyed gets and the header index, against full scans measured in the same run.
// Sizes: TRACES_BENCH_MESSAGES (default 1,000,000 per stream), TRACES_BENCH_RUNS (default 20 lookups), TRACES_BENCH_CONVERSATION (default 50 messages).
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { CONVERSATION_HEADERS, traceSettings } from "@/lib/traces/key-rules";
import { lookupConversation } from "@/lib/traces/lookup-conversation";
import { readSubject } from "@/lib/traces/subject-lookup";
import { TraceIndexer } from "@/lib/traces/trace-indexer";

const N = Number(process.env.TRACES_BENCH_MESSAGES || 1_000_000);
const RUNS = Number(process.env.TRACES_BENCH_RUNS || 20);
const CONV = Number(process.env.TRACES_BENCH_CONVERSATION || 50);
const TARGET = "conv-bench-target";
/** The header-keyed target lives only in the request stream, so its lookup is the index path alone. */
const HEADER_TARGET = "conv-bench-headers";
const BATCH = 5000;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Fills a stream with N messages of ~N/10 conversations, the target's CONV messages spread evenly among them. */
async function fill(nc: NatsConnection, subjectFor: (conversation: string, i: number) => string, withHeader: boolean, target: string): Promise<void> {
  const every = Math.floor(N / CONV);
  const body = new TextEncoder().encode(JSON.stringify({ role: "tool", content: "x".repeat(100) }));
  for (let i = 0; i < N; i++) {
    const conversation = i % every === 0 && i / every < CONV ? target : `conv-${(i * 7919) % Math.max(1, Math.floor(N / 10))}`;
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
async function waitFor(check: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number; what: string }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** Baseline: read the whole stream with an ordered consumer and keep what matches (what you do without traces). */
async function fullScan(nc: NatsConnection, stream: string, match: (subject: string, conversation: string | undefined) => boolean, headersOnly: boolean): Promise<number> {
  const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All, headers_only: headersOnly });
  const messages = await consumer.consume({ max_messages: 5000 });
  let found = 0;
  for await (const msg of messages) {
    if (match(msg.subject, msg.headers?.get("Conversation-Id"))) found++;
    if (msg.info.pending === 0) break;
  }
  await messages.close();
  return found;
}

export default async function bench(): Promise<void> {
  const server = await NatsServerProcess.start();
  const nc = await connect({ servers: server.url });
  const connection = new EnvironmentConnection({ name: "bench", servers: [server.url], deadLetterStreams: [] }).start();
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "BENCH_CONVERSATIONS", subjects: ["conversations.*.messages"], max_msgs: -1 });
    await jsm.streams.add({ name: "BENCH_REQUESTS", subjects: ["tools.execute.>"], max_msgs: -1 });
    console.log(`filling 2 streams × ${N.toLocaleString("en-US")} messages (target conversation: ${CONV} messages in each)…`);
    const [fillMs] = await timed(async () => {
      await fill(nc, (c) => `conversations.${c}.messages`, false, TARGET);
      await fill(nc, (_, i) => `tools.execute.tool${i % 4}`, true, HEADER_TARGET);
      await waitFor(async () => (await jsm.streams.info("BENCH_CONVERSATIONS")).state.messages === N && (await jsm.streams.info("BENCH_REQUESTS")).state.messages === N, { timeoutMs: 600_000, intervalMs: 500, what: "streams filled" });
    });
    console.log(`filled in ${(fillMs / 1000).toFixed(1)} s`);

    // Subject-keyed: one get per message (+1), against a scan of the stream filtered server-side to the conversation's subject.
    const counter = { requests: 0 };
    const subjectTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const [ms, read] = await timed(() => readSubject(nc, "$JS.API", "BENCH_CONVERSATIONS", `conversations.${TARGET}.messages`, counter));
      if (read.messages.length !== CONV) throw new Error(`subject lookup found ${read.messages.length}, expected ${CONV}`);
      subjectTimes.push(ms);
    }
    const [scanMs, scanned] = await timed(() => fullScan(nc, "BENCH_CONVERSATIONS", (subject) => subject === `conversations.${TARGET}.messages`, false));
    if (scanned !== CONV) throw new Error(`scan found ${scanned}`);
    console.log(
      `subject-keyed lookup: p95 ${p95(subjectTimes).toFixed(1)} ms, p50 ${p50(subjectTimes).toFixed(1)} ms (${counter.requests / RUNS} requests each); ` +
        `full scan ${scanMs.toFixed(0)} ms → lookup is ${(scanMs / p95(subjectTimes)).toFixed(0)}× faster (target ≤ 150 ms p95)`,
    );

    // Header-keyed: build the index from a headers-only tail (rate, memory), then look up through it.
    await waitFor(() => connection.status().state === "connected", { what: "connected" });
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const indexer = new TraceIndexer(
      connection,
      traceSettings({ indexMaxMessages: N + 10_000, keyRules: [{ subjects: "conversations.*.messages", key: { subjectToken: 2 }, role: "conversation" }, { subjects: "tools.execute.>", key: { header: CONVERSATION_HEADERS }, role: "request" }] }),
    );
    const [buildMs] = await timed(async () => {
      await indexer.discover();
      await waitFor(() => indexer.index.size >= N, { timeoutMs: 900_000, intervalMs: 200, what: `index of ${N} messages` });
    });
    globalThis.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const perMillion = ((heapAfter - heapBefore) / indexer.index.size) * 1_000_000;
    console.log(
      `index build: ${(N / (buildMs / 1000)).toFixed(0)} msgs/s headers-only (${(buildMs / 1000).toFixed(1)} s for ${N.toLocaleString("en-US")}; target ≥ 20,000 msgs/s); ` +
        `memory ${mb(heapAfter - heapBefore)} → ${mb(perMillion)} per 1,000,000 indexed messages (target ≤ 200 MB)${globalThis.gc ? "" : " (no --expose-gc: heap figures include garbage)"}`,
    );

    const headerTimes: number[] = [];
    const lookupCounter = { requests: 0 };
    for (let r = 0; r < RUNS; r++) {
      const [ms, timeline] = await timed(() => lookupConversation({ nc, prefix: "$JS.API", indexer }, HEADER_TARGET, { counter: lookupCounter }));
      if (timeline.marks.filter((m) => m.stream === "BENCH_REQUESTS").length !== CONV) throw new Error("header lookup missed messages");
      headerTimes.push(ms);
    }
    const [headerScanMs, headerScanned] = await timed(() => fullScan(nc, "BENCH_REQUESTS", (_, conversation) => conversation === HEADER_TARGET, true));
    if (headerScanned !== CONV) throw new Error(`header scan found ${headerScanned}`);
    console.log(
      `header-keyed lookup (index + ${CONV} payload gets + 2 empty subject-keyed reads): p95 ${p95(headerTimes).toFixed(1)} ms, p50 ${p50(headerTimes).toFixed(1)} ms; ` +
        `headers-only full scan ${headerScanMs.toFixed(0)} ms → lookup is ${(headerScanMs / p95(headerTimes)).toFixed(0)}× faster (target ≤ 300 ms p95)`,
    );
    indexer.stop();
  } finally {
    await connection.stop();
    await nc.close();
    await server.stop();
  }
}
