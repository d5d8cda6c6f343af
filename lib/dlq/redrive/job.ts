// Runs one redrive job (docs/architecture.md §8): read entries by sequence (never consuming), publish each to
// its target with
// Nats-Msg-Id redrive:<dlq>:<seq> and the expected stream, and only after the PubAck delete the entry (or keep it and
// mark it as redriven, lib/dlq/entries/redrive-marks.ts).
// Chunks are pipelined: the next chunk is read and published while the previous one's entries are removed, but
// progress is written in order, only after a chunk's removals are confirmed. A crash therefore re-processes at most
// the chunks in flight: re-published entries are de-duplicated by the target, removed ones are skipped.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { PubAckPipeline } from "@/lib/nats/pub-ack-pipeline";
import type { JobRecord, RedriveStore } from "./store";
import {
  markChunk,
  publishChunk,
  readChunk,
  removeChunk,
  TargetStreams,
  type ChunkRead,
  type ChunkTools,
  type HeadTracker,
  type Outcome,
} from "./chunk";
import {
  ensureMarksStream,
  loadMarks,
  originHeadersFor,
  redriveDropped,
  sliceRanges,
  type OriginHeaderConfig,
} from "@/lib/dlq/entries";
import { TokenBucket } from "./token-bucket";

export { isTransient } from "./chunk";

export type RunContext = {
  nc: NatsConnection;
  jsm: JetStreamManager;
  apiPrefix: string;
  store: RedriveStore;
  owner: string;
  leaseMs?: number;
  chunk?: number;
  /** `deadLetterHeaders`: origin header names of application DLQ streams (default X-Dlq-*). */
  originHeaders?: OriginHeaderConfig;
  onFinish?: (job: JobRecord) => void | Promise<void>;
  /** Checked between chunks: "release" hands the job back (graceful stop), "crash" just stops (the lease runs out). */
  interrupted?: () => "release" | "crash" | undefined;
  /** Test hook: called after each chunk's progress is stored. */
  afterChunk?: (job: JobRecord) => void | Promise<void>;
};

export const LEASE_MS = 15_000;
const MAX_ERRORS = 20;
/** Chunks in flight at once with no rate limit (one settling while the next is published). */
const PIPELINE_DEPTH = 2;

/** Redriven messages coming back to a DLQ: pause once this many returned (and at least 10% of those moved). */
export function shouldAutoPause(returned: number, moved: number): boolean {
  return returned >= 3 && returned >= moved * 0.1;
}

export class TransientChunkError extends Error {
  constructor(readonly outcomes: Outcome[]) {
    super(
      `NATS trouble during a chunk (${outcomes.filter((o) => o.transient).length} entries unconfirmed): it will be retried`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type InFlight = { count: number; outcomes: Promise<Outcome[]> };

/** Takes the job's lease if it is free (or ours, or expired) and runs it to its end, a cancel or a pause. */
export async function runJob(ctx: RunContext, id: string): Promise<JobRecord | undefined> {
  const leaseMs = ctx.leaseMs ?? LEASE_MS;
  const current = await ctx.store.get(id);
  if (!current || current.job.state !== "running") return current?.job;
  const { job } = current;
  if (job.owner && job.owner !== ctx.owner && job.leaseUntil > Date.now()) return job;
  job.owner = ctx.owner;
  job.leaseUntil = Date.now() + leaseMs;
  if ((await ctx.store.tryWrite(job, current.revision)) === undefined) return undefined; // another replica took it
  const pipeline = new PubAckPipeline(ctx.nc);
  try {
    return await drive(ctx, job, pipeline, leaseMs);
  } finally {
    pipeline.close();
  }
}

/** The leased part of runJob: chunks in flight until the job ends, stops, or the lease is lost. */
async function drive(
  ctx: RunContext,
  job: JobRecord,
  pipeline: PubAckPipeline,
  leaseMs: number,
): Promise<JobRecord | undefined> {
  const id = job.id;
  const unlimited = job.ratePerSecond === 0;
  const bucket = new TokenBucket(job.ratePerSecond, Date.now());
  // Marks of entries kept by earlier redrives: their next redrive is a new message and counts them (loop guard).
  if (job.afterRedrive === "keep") await ensureMarksStream(ctx.jsm);
  const names = originHeadersFor(ctx.originHeaders, job.dlqStream);
  const marks = await loadMarks(ctx.nc, ctx.jsm, ctx.apiPrefix, job.dlqStream, job.ranges);
  const tools: ChunkTools = {
    pipeline,
    targets: new TargetStreams(ctx.jsm),
    marks,
    names,
    dropped: redriveDropped(names),
  };
  const head: HeadTracker = { purgedBelow: undefined };
  // Unlimited jobs move in bigger chunks (fewer KV writes and reads per message); paced ones in small ones.
  const chunkSize = ctx.chunk ?? (unlimited ? 1000 : 256);
  const depth = unlimited ? PIPELINE_DEPTH : 1;
  const inFlight: InFlight[] = [];
  let reads: { from: number; count: number; read: Promise<ChunkRead> }[] = [];
  let removals: Promise<unknown> = Promise.resolve();
  let state: JobRecord = job;
  let issued = job.done; // position up to which chunks were started
  let lastAt = Date.now();
  let stop: "release" | "crash" | undefined;

  const read = (from: number, count: number): Promise<ChunkRead> => {
    const ahead = reads.find((r) => r.from === from && r.count === count);
    reads = reads.filter((r) => r.from > from);
    return ahead?.read ?? readChunk(ctx, job.dlqStream, sliceRanges(job.ranges, from, count));
  };
  const readAhead = (from: number) => {
    const count = Math.min(chunkSize, job.total - from);
    if (!unlimited || count <= 0 || reads.some((r) => r.from === from)) return;
    const next = readChunk(ctx, job.dlqStream, sliceRanges(job.ranges, from, count));
    next.catch(() => undefined);
    reads.push({ from, count, read: next });
  };
  const drain = () => Promise.allSettled(inFlight.splice(0).map((c) => c.outcomes));
  /** A failure (NATS trouble) lets the chunks in flight finish before it is thrown; the runner retries the job. */
  const orDrain = <T>(step: Promise<T>): Promise<T> =>
    step.catch(async (error: unknown) => {
      await drain();
      throw error;
    });

  while (true) {
    const canIssue = !stop && state.state === "running" && issued < state.total;
    if (inFlight.length > 0 && (inFlight.length >= depth || !canIssue)) {
      // Settle the oldest chunk: its entries are published and removed; store its progress, in order.
      const chunk = inFlight.shift()!;
      const outcomes = await orDrain(chunk.outcomes);
      // Unconfirmed publishes stay in the DLQ; the runner retries from the stored position (same Nats-Msg-Id).
      if (outcomes.some((o) => o.transient)) {
        await drain();
        throw new TransientChunkError(outcomes);
      }
      if (stop === "crash") continue; // like kill -9: the work happened, its progress is never written
      const last = inFlight.length === 0;
      const now = Date.now();
      const moved = outcomes.filter((o) => o.result === "moved").length;
      const returned = await orDrain(ctx.store.returned(id));
      const next = await orDrain(
        ctx.store.update(id, (record) => {
          if (record.owner !== ctx.owner) return undefined; // lost the lease: stop without writing
          record.done += chunk.count;
          record.moved += moved;
          record.failed += outcomes.filter((o) => o.result === "failed").length;
          record.skipped += outcomes.filter((o) => o.result === "skipped").length;
          for (const o of outcomes)
            if (o.error && record.errors.length < MAX_ERRORS)
              record.errors.push({ seq: o.seq, error: o.error });
          record.rate = moved / Math.max(0.001, (now - lastAt) / 1000);
          record.leaseUntil = now + leaseMs;
          if (
            record.state === "running" &&
            shouldAutoPause(returned - (record.returnedBaseline ?? 0), record.moved)
          ) {
            record.state = "paused";
            record.stateReason = `auto-paused: ${returned} redriven messages came back to a dead-letter queue (loop guard)`;
          }
          if (record.done >= record.total && record.state === "running") {
            record.state = "done";
            record.stateReason = null;
          }
          // Chunks still in flight are recorded first; then the job is let go.
          if (record.state !== "running" && last) record.owner = null;
          return record;
        }),
      );
      lastAt = now;
      if (!next || (next.owner !== null && next.owner !== ctx.owner)) {
        await drain(); // another replica owns it now
        return next;
      }
      state = next;
      await ctx.afterChunk?.(state);
      continue;
    }
    if (!canIssue) break;
    stop = ctx.interrupted?.();
    if (stop) continue;
    const wanted = Math.min(chunkSize, state.total - issued);
    const granted = bucket.take(wanted, Date.now());
    if (granted === 0) {
      await sleep(Math.min(bucket.waitMs(Date.now()), 1000));
      continue;
    }
    const chunkRead = read(issued, granted);
    issued += granted;
    readAhead(issued); // the claim keeps other jobs and discards away from what is read ahead
    const published = chunkRead.then((r) =>
      publishChunk(tools, job, r).then((outcomes) => ({ r, outcomes })),
    );
    // Removals run in chunk order (a chunk can only be purged as the head once the one before it is gone).
    const removed = Promise.all([published, removals]).then(([{ r, outcomes }]) =>
      job.afterRedrive === "keep"
        ? markChunk(tools, job, r, outcomes)
        : removeChunk(ctx, job, r, outcomes, head),
    );
    removals = removed.catch(() => undefined);
    inFlight.push({ count: granted, outcomes: removed });
  }
  if (stop === "release" && state.state === "running") {
    return ctx.store.update(id, (record) =>
      record.owner === ctx.owner ? { ...record, owner: null, leaseUntil: 0 } : undefined,
    );
  }
  if (stop === "crash") return state;
  if (state.state !== "running") await ctx.onFinish?.(state);
  return state;
}
