// Dead letters: browse latency on a large DLQ, bulk redrive throughput, capture throughput — each against a baseline
// measured in the same run. Sizes scale with env vars (the sizes are the defaults):
//   DLQ_BENCH_ENTRIES (1,000,000)  DLQ_BENCH_REDRIVE (100,000)  DLQ_BENCH_CAPTURE (20,000)  DLQ_BENCH_SAMPLES (40)
//   DLQ_BENCH_PARTS (capture,redrive,browse)
// On nats-server 2.9.10 MAX_DELIVERIES fires only when the server next tries to deliver; the capture figure feeds the
// advisory stream directly (same JSON the server writes), so it measures Switchyard's side, not the server's timing.
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { PubAckPipeline } from "@/lib/nats/pub-ack-pipeline";
import { browse } from "@/lib/dlq/browse";
import { DeadLetterCapture } from "@/lib/dlq/capture";
import { ensureOwnDlqStream, OWN_DLQ_STREAM, toRanges } from "@/lib/dlq/entries";
import {
  controlJob,
  planJob,
  planRedrive,
  RedriveStore,
  runJob,
  startRedrive,
  type JobRecord,
} from "@/lib/dlq/redrive";
import { redriveRequestSchema, type Selection } from "@/lib/dto/dead-letters";
import { createTarget, seedEntries } from "@/lib/dlq/testing";

const n = (name: string, fallback: number) => Number(process.env[name] || fallback);
const ENTRIES = n("DLQ_BENCH_ENTRIES", 1_000_000);
const REDRIVE = n("DLQ_BENCH_REDRIVE", 100_000);
const CAPTURE = n("DLQ_BENCH_CAPTURE", 20_000);
const SAMPLES = n("DLQ_BENCH_SAMPLES", 40);

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

async function timeIt(samples: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return p95(times);
}

async function pipelinedPublish(
  nc: NatsConnection,
  subject: (i: number) => string,
  count: number,
  body: (i: number) => string,
  msgId: (i: number) => string,
): Promise<number> {
  const js = jetstream(nc);
  const t = performance.now();
  let inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    inFlight.push(js.publish(subject(i), body(i), { msgID: msgId(i) }));
    if (inFlight.length >= 1000) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  return count / ((performance.now() - t) / 1000);
}

/**
 * The same loop over the PubAckPipeline the redrive publishes with: shows what reading, removing and
 * bookkeeping cost.
 */
async function pipelinedPubAck(
  nc: NatsConnection,
  subject: (i: number) => string,
  count: number,
  body: (i: number) => string,
  msgId: (i: number) => string,
): Promise<number> {
  const pipeline = new PubAckPipeline(nc);
  const t = performance.now();
  let inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const h = headers();
    h.set("Nats-Msg-Id", msgId(i));
    inFlight.push(pipeline.publish(subject(i), new TextEncoder().encode(body(i)), h));
    if (inFlight.length >= 1000) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  pipeline.close();
  return count / ((performance.now() - t) / 1000);
}

async function browseBench(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const t = performance.now();
  await seedEntries(nc, "BROWSE", ENTRIES, { subjects: 100, payloadBytes: 200 });
  console.log(
    `seeded ${ENTRIES.toLocaleString("en-US")} entries (100 original subjects, ~400 B each) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const src = { nc, jsm, apiPrefix: "$JS.API" };
  const last = (await jsm.streams.info(OWN_DLQ_STREAM)).state.last_seq;
  const baseline = await timeIt(SAMPLES, () => jsm.streams.getMessage(OWN_DLQ_STREAM, { seq: last }));
  const first = await timeIt(SAMPLES, () => browse(src, OWN_DLQ_STREAM, {}, undefined, 50));
  const filtered = await timeIt(SAMPLES, () =>
    browse(src, OWN_DLQ_STREAM, { subject: "browse.job.42" }, undefined, 50),
  );
  console.log(`baseline: one STREAM.MSG.GET p95 ${baseline.toFixed(2)} ms`);
  console.log(
    `first page of 50 newest: p95 ${first.toFixed(1)} ms (${(first / baseline).toFixed(1)}× one get; target ≤ 100 ms)`,
  );
  console.log(
    `page filtered by original subject (1% of entries): p95 ${filtered.toFixed(1)} ms (${(filtered / baseline).toFixed(1)}× one get; target ≤ 200 ms)`,
  );
  await jsm.streams.purge(OWN_DLQ_STREAM);
}

/**
 * Starting a job over the REDRIVE entries just seeded, by filter and by explicit sequences: the POST's own work
 * (validation, the job stored in "planning", audit) against what the POST did before it returned at once — the
 * selection planned synchronously (today's dry run) — and how long the background planning then takes.
 */
async function startBench(nc: NatsConnection, seqs: number[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const src = { nc, jsm, apiPrefix: "$JS.API" };
  const store = await RedriveStore.open(nc);
  const actor = { user: "bench", role: "admin" as const, address: null, via: "none" as const };
  const deps = {
    src,
    store,
    poke: () => {},
    defaults: { ratePerSecond: 0, afterRedrive: "delete" as const },
  };
  const selections: [string, Selection][] = [
    ["filter (original stream)", { filter: { stream: "RDJOB" } }],
    [`${seqs.length.toLocaleString("en-US")} explicit sequences`, { seqs }],
  ];
  for (const [what, selection] of selections) {
    let t = performance.now();
    await planRedrive(src, OWN_DLQ_STREAM, selection, undefined);
    const baseline = performance.now() - t;
    t = performance.now();
    const body = redriveRequestSchema.parse({ dlq: OWN_DLQ_STREAM, selection });
    const started = await startRedrive(deps, body, actor);
    const post = performance.now() - t;
    if (!("job" in started)) throw new Error("expected a job");
    t = performance.now();
    const planned = await planJob({ src, store, owner: "bench", leaseMs: 60_000 }, started.job.id);
    const planning = performance.now() - t;
    await controlJob(src, store, started.job.id, "cancel", actor, () => {});
    console.log(
      `start a job, ${what}: POST ${post.toFixed(0)} ms (target ≤ 1,000 ms) = ${(post / baseline).toFixed(3)}× baseline: the selection planned synchronously as the POST did before, ${baseline.toFixed(0)} ms; then planned in the background in ${planning.toFixed(0)} ms (${planned?.state}, ${planned?.total} entries)`,
    );
  }
}

async function redriveBench(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await createTarget(nc, "RDBASE");
  await createTarget(nc, "RDJOB");
  await createTarget(nc, "RDPIPE");
  const body = (i: number) => JSON.stringify({ i, conversation_id: `conv-${i % 7}`, pad: "x".repeat(200) });
  const baseline = await pipelinedPublish(
    nc,
    (i) => `rdbase.job.${i % 4}`,
    REDRIVE,
    body,
    (i) => `base:${i}`,
  );
  const pipelined = await pipelinedPubAck(
    nc,
    (i) => `rdpipe.job.${i % 4}`,
    REDRIVE,
    body,
    (i) => `pipe:${i}`,
  );
  await ensureOwnDlqStream(jsm);
  await jsm.streams.purge(OWN_DLQ_STREAM); // the scenario: a DLQ of REDRIVE entries, all redriven
  const seqs = await seedEntries(nc, "RDJOB", REDRIVE, { payloadBytes: 200 });
  await startBench(nc, seqs);
  const store = await RedriveStore.open(nc);
  const now = new Date().toISOString();
  const job: JobRecord = {
    id: "rd-bench",
    dlqStream: OWN_DLQ_STREAM,
    ranges: toRanges(seqs),
    selection: { seqs: seqs.length },
    target: null,
    ratePerSecond: 0,
    afterRedrive: "delete",
    state: "running",
    stateReason: null,
    total: seqs.length,
    done: 0,
    moved: 0,
    failed: 0,
    skipped: 0,
    rate: 0,
    createdAt: now,
    updatedAt: now,
    createdBy: "bench",
    owner: null,
    leaseUntil: 0,
    errors: [],
  };
  await store.createExclusive(job);
  const t = performance.now();
  const done = await runJob({ nc, jsm, apiPrefix: "$JS.API", store, owner: "bench", chunk: 1000 }, job.id);
  const rate = REDRIVE / ((performance.now() - t) / 1000);
  const target = (await jsm.streams.info("RDJOB")).state.messages;
  console.log(
    `baseline: pipelined js.publish of ${REDRIVE.toLocaleString("en-US")} messages: ${baseline.toFixed(0)} msgs/s`,
  );
  console.log(
    `bulk redrive, no rate limit (read, publish, PubAck, delete): ${rate.toFixed(0)} msgs/s = ${(rate / baseline).toFixed(2)}× baseline (target ≥ 0.7×); moved ${done?.moved}, in target ${target}`,
  );
  console.log(
    `reference: the same bare loop over the PubAckPipeline the redrive publishes with: ${pipelined.toFixed(0)} msgs/s; the redrive runs at ${(rate / pipelined).toFixed(2)}× that (the cost of reading, removing and bookkeeping)`,
  );
}

async function captureBench(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await ensureAdvisoryStream(jsm);
  await jsm.streams.add({
    name: "CAPWQ",
    subjects: ["capwq.>"],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  });
  const js = jetstream(nc);
  const body = (i: number) => JSON.stringify({ i, pad: "x".repeat(200) });
  await jsm.streams.add({ name: "CAPBASE", subjects: ["capbase.>"], storage: StorageType.File });
  const baseline = await pipelinedPublish(
    nc,
    (i) => `capbase.${i % 4}`,
    CAPTURE,
    body,
    (i) => `cb:${i}`,
  );
  await pipelinedPublish(
    nc,
    (i) => `capwq.job.${i % 4}`,
    CAPTURE,
    body,
    (i) => `o:${i}`,
  );
  // The advisories the server would have written, in the advisory stream, while no capture runs.
  let pending: Promise<unknown>[] = [];
  for (let seq = 1; seq <= CAPTURE; seq++) {
    const advisory = {
      type: "io.nats.jetstream.advisory.v1.max_deliver",
      id: `a${seq}`,
      timestamp: new Date().toISOString(),
      stream: "CAPWQ",
      consumer: "workers",
      stream_seq: seq,
      deliveries: 5,
    };
    pending.push(
      js.publish("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.CAPWQ.workers", JSON.stringify(advisory)),
    );
    if (pending.length >= 1000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const capture = new DeadLetterCapture({
    connection: () => nc,
    apiPrefix: "$JS.API",
    configuredDlqStreams: [],
    keepOriginalStreams: [],
  });
  const t = performance.now();
  capture.start();
  while (capture.stats.captured < CAPTURE) await new Promise((resolve) => setTimeout(resolve, 20));
  const rate = CAPTURE / ((performance.now() - t) / 1000);
  await capture.stop();
  const left = (await jsm.streams.info("CAPWQ")).state.messages;
  console.log(
    `baseline: pipelined js.publish of ${CAPTURE.toLocaleString("en-US")} messages: ${baseline.toFixed(0)} msgs/s`,
  );
  console.log(
    `capture (advisory → read original → copy → PubAck → remove original): ${rate.toFixed(0)} dead letters/s = ${(rate / baseline).toFixed(2)}× baseline (target ≥ 2,000/s); originals left in the work queue: ${left}`,
  );
}

export default async function (): Promise<void> {
  console.log(
    `sizes: DLQ ${ENTRIES}, redrive ${REDRIVE}, capture ${CAPTURE}, samples ${SAMPLES} (file storage, nats-server from PATH)`,
  );
  const server = await NatsServerProcess.start();
  const nc = await connect({ servers: server.url });
  try {
    const parts = (process.env.DLQ_BENCH_PARTS || "capture,redrive,browse").split(",");
    if (parts.includes("capture")) await captureBench(nc);
    if (parts.includes("redrive")) await redriveBench(nc);
    if (parts.includes("browse")) await browseBench(nc);
  } finally {
    await nc.close();
    await server.stop();
  }
}
