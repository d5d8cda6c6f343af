// One chunk of a redrive job: read its entries by sequence (never consuming), publish each to its target and wait
// for the PubAck, then remove the confirmed entries from the DLQ (one purge when the chunk is the stream's head).
import { PubHeaders, type JetStreamManager } from "@nats-io/jetstream";
import { MsgHdrsImpl, type NatsConnection } from "@nats-io/transport-node";
import { DLQ_HEADERS, redriveMsgId } from "@/lib/dto/message-headers";
import { PubAckRefused, type PubAckPipeline } from "@/lib/nats/pub-ack-pipeline";
import {
  markOf,
  markSubject,
  redriveHeaders,
  type OriginHeaderNames,
  type StoredMark,
} from "@/lib/dlq/entries";
import type { JobRecord } from "./store";
import { readRange, type ReadMsg } from "@/lib/nats/stream-reader";

export type ChunkSource = { nc: NatsConnection; jsm: JetStreamManager; apiPrefix: string };

export type Outcome = {
  seq: number;
  result: "moved" | "failed" | "skipped" | "inDoubt";
  error?: string;
  transient?: boolean;
  target?: string;
  round?: number;
};

export type ChunkRead = { seqs: number[]; found: Map<number, ReadMsg>; span: number };

/** Connection trouble (NATS restarting, a timeout): the chunk is tried again, never recorded as failed. */
export function isTransient(error: unknown): boolean {
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? "")}`
      : String(error);
  return /timeout|timed out|disconnect|connection|closed|no responders|503|reconnect/i.test(text);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads a chunk's entries by sequence (never consuming them). */
export async function readChunk(src: ChunkSource, dlqStream: string, seqs: number[]): Promise<ChunkRead> {
  const wanted = new Set(seqs);
  const found = new Map<number, ReadMsg>();
  const span = seqs[seqs.length - 1]! - seqs[0]! + 1;
  if (span <= seqs.length * 4) {
    await readRange(
      src.nc,
      src.apiPrefix,
      {
        stream: dlqStream,
        startSeq: seqs[0]!,
        endSeq: seqs[seqs.length - 1]! + 1,
        batch: Math.max(span, 256),
      },
      (msg) => {
        if (wanted.has(msg.seq)) found.set(msg.seq, msg);
      },
    );
    // What the range read did not return is asked for one by one before it counts as gone: a consumer created
    // right after a fail-over can report nothing pending while the new leader still applies (seen on a 3-node
    // cluster), and an entry taken for gone is never published.
    const missing = seqs.filter((seq) => !found.has(seq));
    if (missing.length > 0) await getEach(src, dlqStream, missing, found);
  } else {
    // A sparse selection: one get per entry beats reading everything in between.
    await getEach(src, dlqStream, seqs, found);
  }
  return { seqs, found, span };
}

/** Reads entries by sequence; an entry that is not there is left out, any other failure is thrown (retried). */
async function getEach(src: ChunkSource, dlqStream: string, seqs: number[], found: Map<number, ReadMsg>) {
  await Promise.all(
    seqs.map(async (seq) => {
      const m = await src.jsm.streams.getMessage(dlqStream, { seq });
      if (m)
        found.set(seq, {
          seq,
          subject: m.subject,
          time: m.time.toISOString(),
          header: m.header,
          data: m.data,
          size: m.data.length,
        });
    }),
  );
}

/** Per job: which stream captures each target subject (looked up once per subject). */
export class TargetStreams {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(private readonly jsm: JetStreamManager) {}

  of(subject: string): Promise<string | null> {
    let stream = this.cache.get(subject);
    if (!stream) {
      stream = this.jsm.streams.find(subject).catch(() => null);
      this.cache.set(subject, stream);
    }
    return stream;
  }
}

/** What a chunk needs besides its entries: the job's PubAck pipeline, target streams and the marks of kept entries. */
export type ChunkTools = {
  pipeline: PubAckPipeline;
  targets: TargetStreams;
  marks: ReadonlyMap<number, StoredMark>;
  /** Where the job's DLQ stream keeps the origin, and what a redrive leaves behind of it. */
  names: OriginHeaderNames;
  dropped: ReadonlySet<string>;
  /** What a check after a NATS restart or crash found out about entries in flight (./verify.ts). */
  verdicts?: ReadonlyMap<number, Verdict>;
};

/**
 * gone: an earlier run removed (or marked) the entry after its PubAck: it counts as moved. delivered: the target
 * holds it: remove or mark it without publishing. inDoubt: unprovable either way: held for an operator. send:
 * publish it (never published, or the target's de-duplication still covers an earlier attempt).
 */
export type Verdict = "gone" | "delivered" | "inDoubt" | "send";

/**
 * Publishes every entry of the chunk and waits for each PubAck (duplicate: true means an earlier attempt got
 * there).
 */
export async function publishChunk(tools: ChunkTools, job: JobRecord, read: ChunkRead): Promise<Outcome[]> {
  return Promise.all(read.seqs.map((seq) => publishEntry(tools, job, seq, read.found.get(seq))));
}

/** Where a stored entry goes: its target subject and stream, its redrive round, or why it does not go (an outcome). */
export type Destination = { target: string; stream: string; round: number; mark: StoredMark | undefined };

export async function destinationOf(
  tools: Pick<ChunkTools, "targets" | "marks" | "names" | "verdicts">,
  job: JobRecord,
  seq: number,
  msg: ReadMsg,
): Promise<Destination | Outcome> {
  const verdict = tools.verdicts?.get(seq);
  const mark = markOf(tools.marks, seq, msg.time);
  // Kept and marked by this very job: a run before a crash redrove it already.
  if (mark?.lastJob === job.id) return { seq, result: verdict === "gone" ? "moved" : "skipped" };
  const payloadLost = msg.header?.get(DLQ_HEADERS.payloadLost) === "true";
  if (payloadLost && !job.target) return { seq, result: "skipped" };
  const target = job.target ?? msg.header?.get(tools.names.subject);
  if (!target)
    return {
      seq,
      result: "failed",
      error: "the entry has no original subject; redrive it to a custom subject",
    };
  const stream = await tools.targets.of(target);
  if (!stream) return { seq, result: "failed", error: `no stream captures ${target}` };
  // A kept entry redriven again is a new message (its own Nats-Msg-Id) and counts its earlier redrives (loop guard).
  return { target, stream, round: (mark?.count ?? 0) + 1, mark };
}

async function publishEntry(
  tools: ChunkTools,
  job: JobRecord,
  seq: number,
  msg: ReadMsg | undefined,
): Promise<Outcome> {
  const verdict = tools.verdicts?.get(seq);
  // Gone already: redriven before a crash (then it is in the target), discarded, or expired.
  if (!msg) return { seq, result: verdict === "gone" ? "moved" : "skipped" };
  if (verdict === "inDoubt") return { seq, result: "inDoubt" };
  const destination = await destinationOf(tools, job, seq, msg);
  if ("result" in destination) return destination;
  const { target, stream, round, mark } = destination;
  if (verdict === "delivered") return { seq, result: "moved", target, round };
  try {
    // No Nats-Expected-Stream: a stream's RePublish copies it, and the headers-only trace tap refuses the copy
    // (the redriven message would never reach the trace). The PubAck's stream is checked instead (decisions.md).
    const extra = { [PubHeaders.MsgIdHdr]: redriveMsgId(job.dlqStream, seq, round) };
    const h = redriveHeaders(msg.header, job.id, {
      extra,
      alreadyRedriven: mark?.count ?? 0,
      dropped: tools.dropped,
    });
    const ack = await tools.pipeline.publish(target, msg.data, h);
    if (ack.stream !== stream)
      return {
        seq,
        result: "failed",
        error: `published to ${target}, but stream ${ack.stream} stored it, not ${stream}; the entry is kept`,
      };
  } catch (error) {
    return {
      seq,
      result: "failed",
      error: `publish to ${target} failed: ${message(error)}`,
      transient: !(error instanceof PubAckRefused) && isTransient(error),
    };
  }
  return { seq, result: "moved", target, round };
}

/**
 * `redriveAfter: "keep"`: marks each moved entry (after its PubAck) so browse shows it and a later redrive
 * counts it.
 */
export async function markChunk(
  tools: ChunkTools,
  job: JobRecord,
  read: ChunkRead,
  published: Outcome[],
): Promise<Outcome[]> {
  const at = new Date().toISOString();
  return Promise.all(
    published.map(async (outcome): Promise<Outcome> => {
      const msg = read.found.get(outcome.seq);
      if (outcome.result !== "moved" || !msg) return outcome;
      const mark: StoredMark = {
        count: outcome.round ?? 1,
        lastJob: job.id,
        lastAt: at,
        lastTarget: outcome.target ?? "",
        entryTime: msg.time,
      };
      const h = MsgHdrsImpl.fromRecord({
        [PubHeaders.MsgIdHdr]: [`mark:${job.dlqStream}:${outcome.seq}:${mark.count}`],
      });
      try {
        await tools.pipeline.publish(
          markSubject(job.dlqStream, outcome.seq),
          new TextEncoder().encode(JSON.stringify(mark)),
          h,
        );
      } catch (error) {
        return {
          seq: outcome.seq,
          result: "failed",
          error: `published, but the entry could not be marked as redriven: ${message(error)}`,
          transient: !(error instanceof PubAckRefused) && isTransient(error),
        };
      }
      return { seq: outcome.seq, result: "moved" };
    }),
  );
}

/** Where the DLQ stream's head is known to be: a chunk that starts there can be purged without asking. */
export type HeadTracker = { purgedBelow: number | undefined; replicated?: boolean };

/**
 * Only now, after the target confirmed: removes the moved entries (one purge when the chunk is the head of
 * the stream).
 */
export async function removeChunk(
  src: ChunkSource,
  job: JobRecord,
  read: ChunkRead,
  published: Outcome[],
  head: HeadTracker,
): Promise<Outcome[]> {
  const { seqs, found, span } = read;
  const first = seqs[0]!;
  const last = seqs[seqs.length - 1]!;
  const whole =
    span === seqs.length && found.size === seqs.length && published.every((o) => o.result === "moved");
  // Never on a replicated DLQ: a purge up to a sequence, replayed to a node that restarts (kill -9), removed
  // entries far past that sequence on nats-server 2.9.10 (3-node fault test); deletes are exact.
  head.replicated ??= await replicated(src.jsm, job.dlqStream);
  if (
    whole &&
    !head.replicated &&
    (head.purgedBelow === first || (await firstSeq(src.jsm, job.dlqStream)) === first)
  ) {
    try {
      await src.jsm.streams.purge(job.dlqStream, { seq: last + 1 });
      head.purgedBelow = last + 1;
      return published;
    } catch {
      // fall back to deleting one by one
    }
  }
  head.purgedBelow = undefined;
  // Only what was read is deleted: an entry counted moved because an earlier run removed it is not there.
  return Promise.all(
    published.map((outcome) =>
      outcome.result === "moved" && found.has(outcome.seq)
        ? deleteEntry(src.jsm, job.dlqStream, outcome.seq)
        : outcome,
    ),
  );
}

async function deleteEntry(jsm: JetStreamManager, stream: string, seq: number): Promise<Outcome> {
  try {
    await jsm.streams.deleteMessage(stream, seq, false);
  } catch (error) {
    if (!/no message found/i.test(message(error)))
      return {
        seq,
        result: "failed",
        error: `published, but the entry could not be deleted (a retry is de-duplicated): ${message(error)}`,
        transient: isTransient(error),
      };
  }
  return { seq, result: "moved" };
}

async function replicated(jsm: JetStreamManager, stream: string): Promise<boolean> {
  return ((await jsm.streams.info(stream).catch(() => undefined))?.config.num_replicas ?? 1) > 1;
}

async function firstSeq(jsm: JetStreamManager, stream: string): Promise<number | undefined> {
  return (await jsm.streams.info(stream).catch(() => undefined))?.state.first_seq;
}
