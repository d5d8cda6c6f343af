// Runs one redrive job (docs/architecture.md §8): read entries by sequence (never consuming), publish each to
// its target with
// Nats-Msg-Id redrive:<dlq>:<seq> and the expected stream, and only after the PubAck delete the entry (or keep it and
// mark it as redriven, lib/dlq/entries/redrive-marks.ts).
// Chunks are pipelined: the next chunk is read and published while the previous one's entries are removed, but
// progress is written in order, only after a chunk's removals are confirmed. Before anything is published its
// positions and target streams are in the job's fence (./fence.ts); every run starts by verifying the fence
// (./verify.ts), and a run that sees the server change (restart, fail-over) stops so the next run verifies: work
// in flight is proven delivered, proven not delivered, or held in doubt — never sent twice on a guess.
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
import {
  advanceFence,
  DURABLE_MS,
  openFence,
  SNAPSHOT_MS,
  targetInfo,
  widenFence,
  type Fence,
  type FenceSnapshot,
  type FenceTarget,
} from "./fence";
import { verifyFence } from "./verify";

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
  /** How long work stays in the fence after it was published (default DURABLE_MS). */
  durableMs?: number;
  /**
   * This owner's memory, per job, of the position up to which chunks were handed to the publisher: after a NATS
   * restart the same process needs to verify only what it really published, not what it had merely fenced.
   */
  published?: Map<string, number>;
};

export const LEASE_MS = 15_000;
const MAX_ERRORS = 20;
/** In-doubt entries a job record lists (the count goes on). */
const MAX_IN_DOUBT_SEQS = 50_000;
/** The fence reaches this many chunks past what is issued, so most chunks need no fence write of their own. */
const FENCE_AHEAD_CHUNKS = 3;
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

/** The connection is on another server than the run began on: stop, so the next run verifies the work in flight. */
export class ServerChangedError extends Error {
  constructor(from: string, to: string) {
    super(
      `NATS server changed (${from.slice(0, 8)} → ${to.slice(0, 8)}: a restart or fail-over): verifying the work in flight before going on`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type InFlight = { from: number; count: number; outcomes: Promise<Outcome[]> };

/** Takes the job's lease if it is free (or ours, or expired) and runs it to its end, a cancel or a pause. */
export async function runJob(ctx: RunContext, id: string): Promise<JobRecord | undefined> {
  const leaseMs = ctx.leaseMs ?? LEASE_MS;
  const current = await ctx.store.get(id);
  if (!current || current.job.state !== "running") return current?.job;
  const { job } = current;
  if (job.owner && job.owner !== ctx.owner && job.leaseUntil > Date.now()) return job;
  // Another owner ran it since: what this process remembers publishing says nothing about that run.
  if (job.owner !== ctx.owner) ctx.published?.delete(id);
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
  const serverId = ctx.nc.info?.server_id ?? "";
  const durableMs = ctx.durableMs ?? DURABLE_MS;
  // First what an earlier run (or this owner before a restart) may have left in flight.
  const published = ctx.published ?? new Map<string, number>();
  const verified = await verifyFence(
    { ...ctx, store: ctx.store, owner: ctx.owner },
    job,
    tools,
    serverId,
    published.get(job.id),
  );
  tools.verdicts = verified.verdicts;
  let fence: Fence = verified.job.fence ?? openFence(serverId, verified.job.done, Date.now());
  const snapshots: FenceSnapshot[] = [];
  let snapshotAt = 0;
  let fencing: Promise<unknown> = Promise.resolve();
  const head: HeadTracker = { purgedBelow: undefined };
  // Unlimited jobs move in bigger chunks (fewer KV writes and reads per message); paced ones in small ones.
  const chunkSize = ctx.chunk ?? (unlimited ? 1000 : 256);
  const depth = unlimited ? PIPELINE_DEPTH : 1;
  const inFlight: InFlight[] = [];
  let reads: { from: number; count: number; read: Promise<ChunkRead> }[] = [];
  let removals: Promise<unknown> = Promise.resolve();
  let state: JobRecord = verified.job;
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
  const checkServer = () => {
    const now = ctx.nc.info?.server_id ?? "";
    if (now !== serverId) throw new ServerChangedError(serverId, now);
  };
  /**
   * Before a chunk is published: its positions and target streams are in the stored fence, and now and then a
   * snapshot of the targets' sequences lets the window move on. One at a time, in chunk order.
   */
  const fenceChunk = (from: number, count: number, r: ChunkRead): Promise<ChunkRead> => {
    const step = fencing.then(async () => {
      checkServer();
      const streams = new Set<string>();
      for (const seq of r.seqs) {
        const msg = r.found.get(seq);
        const subject = job.target ?? msg?.header?.get(names.subject);
        const stream = msg && subject ? await tools.targets.of(subject) : null;
        if (stream) streams.add(stream);
      }
      const now = Date.now();
      const fresh: Record<string, FenceTarget> = {};
      const wanted =
        now - snapshotAt >= SNAPSHOT_MS
          ? new Set([...Object.keys(fence.targets), ...streams])
          : new Set([...streams].filter((st) => !fence.targets[st]));
      await Promise.all([...wanted].map(async (st) => (fresh[st] = await targetInfo(ctx.jsm, st))));
      if (now - snapshotAt >= SNAPSHOT_MS) {
        snapshotAt = now;
        snapshots.push({ pos: from, at: now, serverId, targets: fresh });
      }
      const missing = [...streams].some((st) => !fence.targets[st]);
      if (from + count <= fence.to && !missing && state.fence) return r;
      const to = Math.min(job.total, from + count + FENCE_AHEAD_CHUNKS * chunkSize);
      const next = await ctx.store.update(id, (record) => {
        if (record.owner !== ctx.owner) return undefined;
        record.fence = widenFence(record.fence ?? fence, to, fresh);
        return record;
      });
      if (!next?.fence || next.owner !== ctx.owner) throw new Error("timeout: the job's lease was lost");
      fence = next.fence;
      state = { ...state, fence };
      return r;
    });
    fencing = step.catch(() => undefined);
    return step;
  };
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
      const inDoubt = outcomes.filter((o) => o.result === "inDoubt").map((o) => o.seq);
      const returned = await orDrain(ctx.store.returned(id));
      const pendingSince = lastAt;
      const next = await orDrain(
        ctx.store.update(id, (record) => {
          if (record.owner !== ctx.owner) return undefined; // lost the lease: stop without writing
          record.done += chunk.count;
          record.moved += moved;
          record.failed += outcomes.filter((o) => o.result === "failed").length;
          record.skipped += outcomes.filter((o) => o.result === "skipped").length;
          if (inDoubt.length > 0) {
            record.inDoubt = (record.inDoubt ?? 0) + inDoubt.length;
            record.inDoubtSeqs = [...(record.inDoubtSeqs ?? []), ...inDoubt].slice(0, MAX_IN_DOUBT_SEQS);
          }
          if (record.fence) {
            record.fence.pendingSince = pendingSince;
            for (const [i, o] of outcomes.entries())
              if (o.result !== "moved") record.fence.kept.push([chunk.from + i, o.seq]);
            record.fence = advanceFence(record.fence, snapshots, record.done, now, durableMs);
          }
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
            record.stateReason = record.inDoubt
              ? `${record.inDoubt} entries in doubt: they may already have been delivered — send them again or mark them redriven`
              : null;
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
      if (next.fence) fence = next.fence;
      await ctx.afterChunk?.(state);
      // The server restarted or failed over under this run: stop; the next run verifies what was in flight.
      await orDrain(Promise.resolve().then(checkServer));
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
    const from = issued;
    const chunkRead = read(issued, granted).then((r) => fenceChunk(from, granted, r));
    issued += granted;
    readAhead(issued); // the claim keeps other jobs and discards away from what is read ahead
    const sent = chunkRead.then((r) => {
      published.set(id, Math.max(published.get(id) ?? 0, from + granted));
      return publishChunk(tools, job, r).then((outcomes) => ({ r, outcomes }));
    });
    // Removals run in chunk order (a chunk can only be purged as the head once the one before it is gone).
    const removed = Promise.all([sent, removals]).then(([{ r, outcomes }]) =>
      job.afterRedrive === "keep"
        ? markChunk(tools, job, r, outcomes)
        : removeChunk(ctx, job, r, outcomes, head),
    );
    removals = removed.catch(() => undefined);
    inFlight.push({ from, count: granted, outcomes: removed });
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
