// Runs one redrive job (ARCHITECTURE §8): read entries by sequence (never consuming), publish each to its target with
// Nats-Msg-Id redrive:<dlq>:<seq> and the expected stream, and only after the PubAck delete (or keep) the entry.
// Progress is written to the KV record after every chunk, so a crash loses at most one chunk of bookkeeping:
// re-publishing that chunk is de-duplicated by the target and its entries are then deleted.
import { jetstream, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { redriveMsgId } from "@/lib/dto/message-headers";
import { redriveHeaders } from "./copy-headers";
import { toEntry } from "./entry";
import type { JobRecord, RedriveStore } from "./redrive-store";
import { sliceRanges } from "./seq-ranges";
import { readRange, type ReadMsg } from "./stream-reader";
import { TokenBucket } from "./token-bucket";

export type RunContext = {
  nc: NatsConnection;
  jsm: JetStreamManager;
  apiPrefix: string;
  store: RedriveStore;
  owner: string;
  leaseMs?: number;
  chunk?: number;
  onFinish?: (job: JobRecord) => void | Promise<void>;
  /** Checked between chunks: "release" hands the job back (graceful stop), "crash" just stops (the lease runs out). */
  interrupted?: () => "release" | "crash" | undefined;
  /** Test hook: called after each chunk's progress is stored. */
  afterChunk?: (job: JobRecord) => void | Promise<void>;
};

export const LEASE_MS = 15_000;
const MAX_ERRORS = 20;

/** Redriven messages coming back to a DLQ: pause once this many returned (and at least 10% of those moved). */
export function shouldAutoPause(returned: number, moved: number): boolean {
  return returned >= 3 && returned >= moved * 0.1;
}

type Outcome = { seq: number; result: "moved" | "failed" | "skipped"; error?: string; transient?: boolean };

/** Connection trouble (NATS restarting, a timeout): the chunk is tried again, never recorded as failed. */
export function isTransient(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? "")}` : String(error);
  return /timeout|timed out|disconnect|connection|closed|no responders|503|reconnect/i.test(text);
}

export class TransientChunkError extends Error {
  constructor(readonly outcomes: Outcome[]) {
    super(`NATS trouble during a chunk (${outcomes.filter((o) => o.transient).length} entries unconfirmed): it will be retried`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const bucket = new TokenBucket(job.ratePerSecond, Date.now());
  const targetStreams = new Map<string, string | null>();
  let state: JobRecord = job;
  let lastAt = Date.now();
  let prefetch: { from: number; count: number; read: Promise<ChunkRead> } | undefined;
  // Unlimited jobs move in bigger chunks (fewer KV writes and reads per message); paced ones in small ones.
  const chunkSize = ctx.chunk ?? (job.ratePerSecond === 0 ? 1000 : 256);
  while (state.done < state.total && state.state === "running") {
    const interrupt = ctx.interrupted?.();
    if (interrupt === "crash") return state;
    if (interrupt === "release") {
      return ctx.store.update(id, (record) => (record.owner === ctx.owner ? { ...record, owner: null, leaseUntil: 0 } : undefined));
    }
    const wanted = Math.min(chunkSize, state.total - state.done);
    const granted = bucket.take(wanted, Date.now());
    if (granted === 0) {
      await sleep(Math.min(bucket.waitMs(Date.now()), 1000));
      continue;
    }
    const seqs = sliceRanges(state.ranges, state.done, granted);
    const read = prefetch && prefetch.from === state.done && prefetch.count === seqs.length ? await prefetch.read : await readChunk(ctx, state, seqs);
    prefetch = undefined;
    // Unlimited rate: read the next chunk while this one is published (the claim keeps other jobs and discards away).
    const nextFrom = state.done + seqs.length;
    const nextCount = Math.min(chunkSize, state.total - nextFrom);
    if (state.ratePerSecond === 0 && nextCount > 0) {
      prefetch = { from: nextFrom, count: nextCount, read: readChunk(ctx, state, sliceRanges(state.ranges, nextFrom, nextCount)) };
      prefetch.read.catch(() => undefined);
    }
    const outcomes = await redriveChunk(ctx, state, read, targetStreams);
    // Unconfirmed publishes stay in the DLQ; the runner retries the chunk (same Nats-Msg-Id, de-duplicated by the target).
    if (outcomes.some((o) => o.transient)) throw new TransientChunkError(outcomes);
    const now = Date.now();
    const moved = outcomes.filter((o) => o.result === "moved").length;
    const returned = await ctx.store.returned(id);
    const next = await ctx.store.update(id, (record) => {
      if (record.owner !== ctx.owner) return undefined; // lost the lease: stop without writing
      record.done += seqs.length;
      record.moved += moved;
      record.failed += outcomes.filter((o) => o.result === "failed").length;
      record.skipped += outcomes.filter((o) => o.result === "skipped").length;
      for (const o of outcomes) if (o.error && record.errors.length < MAX_ERRORS) record.errors.push({ seq: o.seq, error: o.error });
      record.rate = moved / Math.max(0.001, (now - lastAt) / 1000);
      record.leaseUntil = now + leaseMs;
      if (record.state === "running" && shouldAutoPause(returned - (record.returnedBaseline ?? 0), record.moved)) {
        record.state = "paused";
        record.stateReason = `auto-paused: ${returned} redriven messages came back to a dead-letter queue (loop guard)`;
      }
      if (record.done >= record.total && record.state === "running") {
        record.state = "done";
        record.stateReason = null;
      }
      if (record.state !== "running") record.owner = null;
      return record;
    });
    lastAt = now;
    if (!next) return undefined;
    state = next;
    if (state.owner !== null && state.owner !== ctx.owner) return state; // another replica owns it now
    await ctx.afterChunk?.(state);
  }
  if (state.state !== "running") {
    await ctx.onFinish?.(state);
  }
  return state;
}

async function targetStream(ctx: RunContext, cache: Map<string, string | null>, subject: string): Promise<string | null> {
  if (!cache.has(subject)) cache.set(subject, await ctx.jsm.streams.find(subject).catch(() => null));
  return cache.get(subject)!;
}

type ChunkRead = { seqs: number[]; found: Map<number, ReadMsg>; span: number };

/** Reads a chunk's entries by sequence (never consuming them). */
async function readChunk(ctx: RunContext, job: JobRecord, seqs: number[]): Promise<ChunkRead> {
  const wanted = new Set(seqs);
  const found = new Map<number, ReadMsg>();
  const span = seqs[seqs.length - 1]! - seqs[0]! + 1;
  if (span <= seqs.length * 4) {
    await readRange(ctx.nc, ctx.apiPrefix, { stream: job.dlqStream, startSeq: seqs[0]!, endSeq: seqs[seqs.length - 1]! + 1, batch: Math.max(span, 256) }, (msg) => {
      if (wanted.has(msg.seq)) found.set(msg.seq, msg);
    });
  } else {
    // A sparse selection: one get per entry beats reading everything in between.
    await Promise.all(
      seqs.map(async (seq) => {
        const m = await ctx.jsm.streams.getMessage(job.dlqStream, { seq }).catch(() => null);
        if (m) found.set(seq, { seq, subject: m.subject, time: m.time.toISOString(), header: m.header, data: m.data, size: m.data.length });
      }),
    );
  }
  return { seqs, found, span };
}

async function redriveChunk(ctx: RunContext, job: JobRecord, read: ChunkRead, cache: Map<string, string | null>): Promise<Outcome[]> {
  const { seqs, found, span } = read;
  const js = jetstream(ctx.nc);
  // Publish every entry of the chunk and wait for each PubAck (duplicate: true means an earlier attempt got there).
  const published = await Promise.all(
    seqs.map(async (seq): Promise<Outcome & { publishedTo?: string }> => {
      const msg = found.get(seq);
      // Gone already: redriven before a crash (then it is in the target), discarded, or expired.
      if (!msg) return { seq, result: "skipped" };
      const entry = toEntry(job.dlqStream, msg);
      const target = job.target ?? entry.origin.subject;
      if (!target) return { seq, result: "failed", error: "the entry has no original subject; redrive it to a custom subject" };
      if (entry.payloadLost && !job.target) return { seq, result: "skipped" };
      const stream = await targetStream(ctx, cache, target);
      if (!stream) return { seq, result: "failed", error: `no stream captures ${target}` };
      try {
        await js.publish(target, msg.data, { msgID: redriveMsgId(job.dlqStream, seq), headers: redriveHeaders(msg.header, job.id), expect: { streamName: stream } });
      } catch (error) {
        return { seq, result: "failed", error: `publish to ${target} failed: ${error instanceof Error ? error.message : String(error)}`, transient: isTransient(error) };
      }
      return { seq, result: "moved", publishedTo: target };
    }),
  );
  if (job.afterRedrive === "keep") return published;
  // Only now, after the target confirmed: remove the entries. A chunk that is the whole head of the DLQ stream
  // (every message from the first sequence through the chunk's last, all confirmed) goes with one purge.
  if (published.every((o) => o.result === "moved") && span === seqs.length && found.size === seqs.length && (await headOfStream(ctx, job.dlqStream, seqs[0]!))) {
    try {
      await ctx.jsm.streams.purge(job.dlqStream, { seq: seqs[seqs.length - 1]! + 1 });
      return published;
    } catch {
      // fall back to deleting one by one
    }
  }
  return Promise.all(
    published.map(async (outcome): Promise<Outcome> => {
      if (outcome.result !== "moved") return outcome;
      try {
        await ctx.jsm.streams.deleteMessage(job.dlqStream, outcome.seq, false);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (!/no message found/i.test(text)) return { seq: outcome.seq, result: "failed", error: `published to ${outcome.publishedTo}, but the entry could not be deleted (a retry is de-duplicated): ${text}`, transient: isTransient(error) };
      }
      return { seq: outcome.seq, result: "moved" };
    }),
  );
}

async function headOfStream(ctx: RunContext, stream: string, seq: number): Promise<boolean> {
  const info = await ctx.jsm.streams.info(stream).catch(() => undefined);
  return info?.state.first_seq === seq;
}
