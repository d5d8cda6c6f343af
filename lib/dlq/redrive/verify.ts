// After a crash, a NATS restart or a fail-over: what became of the work in a job's fence (./fence.ts)? Each entry
// in the window is proven delivered, proven not delivered, or held in doubt; nothing is sent twice on a guess.
import { redriveMsgId } from "@/lib/dto/message-headers";
import type { ReadMsg } from "@/lib/nats/stream-reader";
import { markOf, sliceRanges } from "@/lib/dlq/entries";
import {
  destinationOf,
  markChunk,
  publishChunk,
  readChunk,
  removeChunk,
  type ChunkSource,
  type ChunkTools,
  type Outcome,
  type Verdict,
} from "./chunk";
import { dedupeTrusted, targetInfo, type Fence } from "./fence";
import type { JobRecord, RedriveStore } from "./store";
import { scanTarget } from "./target-scan";

const READ = 1000;
const MAX_ERRORS = 20;

type Candidate = { pos: number; seq: number; id: string };

/**
 * Verdicts for the window's entries at or past `done` (the run then settles them as usual). Entries before `done`
 * whose removal a restarted server lost are dealt with here and the job's counts corrected; returns the job as
 * stored after that.
 */
export async function verifyFence(
  src: ChunkSource & { store: RedriveStore; owner: string },
  job: JobRecord,
  tools: ChunkTools,
  serverId: string,
  /** How far this process handed chunks to the publisher, when it ran the job last (fenced is not published). */
  publishedTo?: number,
  now = Date.now(),
): Promise<{ verdicts: Map<number, Verdict>; job: JobRecord }> {
  const verdicts = new Map<number, Verdict>();
  const fence = job.fence;
  if (!fence) return { verdicts, job };
  const sameServer = fence.serverId === serverId;
  // On the same server nothing acknowledged was lost: only what was in flight (at or past done) needs a look.
  const start = sameServer ? job.done : fence.from;
  const end = Math.min(fence.to, job.total, publishedTo ?? Number.POSITIVE_INFINITY);
  if (start >= end) return { verdicts, job };
  const kept = new Set(fence.kept.map(([, seq]) => seq));
  const byStream = new Map<string, Candidate[]>();
  const present = new Map<number, ReadMsg>();
  for (let pos = start; pos < end; pos += READ) {
    const read = await readChunk(src, job.dlqStream, sliceRanges(job.ranges, pos, Math.min(READ, end - pos)));
    for (const [i, seq] of read.seqs.entries()) {
      const at = pos + i;
      if (at < job.done && kept.has(seq)) continue; // settled as failed or skipped: stays so
      const msg = read.found.get(seq);
      if (!msg) {
        if (at >= job.done) verdicts.set(seq, "gone");
        continue;
      }
      if (markOf(tools.marks, seq, msg.time)?.lastJob === job.id) {
        if (at >= job.done) verdicts.set(seq, "gone"); // marked by an earlier run of this job
        continue;
      }
      const destination = await destinationOf(tools, job, seq, msg);
      if ("result" in destination) continue; // the run settles it the same way again
      present.set(seq, msg);
      const id = redriveMsgId(job.dlqStream, seq, destination.round);
      const list = byStream.get(destination.stream) ?? [];
      list.push({ pos: at, seq, id });
      byStream.set(destination.stream, list);
    }
  }
  for (const [stream, candidates] of byStream) {
    for (const [seq, verdict] of await judge(src, fence, serverId, stream, candidates, now))
      verdicts.set(seq, verdict);
  }
  const below = [...byStream.values()].flat().filter((c) => c.pos < job.done);
  const settled = below.length > 0 ? await resettle(src, job, tools, verdicts, below, present) : job;
  for (const c of below) verdicts.delete(c.seq);
  return { verdicts, job: settled };
}

/** One target stream's candidates: trusted de-duplication → send; else the scan proves delivery or absence. */
async function judge(
  src: ChunkSource,
  fence: Fence,
  serverId: string,
  stream: string,
  candidates: Candidate[],
  now: number,
): Promise<Map<number, Verdict>> {
  const out = new Map<number, Verdict>();
  const before = fence.targets[stream];
  // Never fenced: this job published nothing into it inside the window.
  if (!before) {
    for (const c of candidates) out.set(c.seq, "send");
    return out;
  }
  const current = await targetInfo(src.jsm, stream);
  if (dedupeTrusted(fence, serverId, before, current, now)) {
    for (const c of candidates) out.set(c.seq, "send");
    return out;
  }
  const scan = await scanTarget(src.nc, src.jsm, src.apiPrefix, stream, before.seq, "redrive");
  for (const c of candidates)
    out.set(c.seq, scan.ids.has(c.id) ? "delivered" : scan.complete ? "send" : "inDoubt");
  return out;
}

/**
 * Entries before `done` that are in the DLQ again (a restarted server lost their removal): remove or mark the
 * delivered, send the undelivered, hold the rest in doubt, and correct the job's counts (they were counted moved).
 */
async function resettle(
  src: ChunkSource & { store: RedriveStore; owner: string },
  job: JobRecord,
  tools: ChunkTools,
  verdicts: Map<number, Verdict>,
  below: Candidate[],
  present: Map<number, ReadMsg>,
): Promise<JobRecord> {
  const seqs = below.map((c) => c.seq).sort((a, b) => a - b);
  const found = new Map(seqs.map((seq) => [seq, present.get(seq)!]));
  const read = { seqs, found, span: seqs[seqs.length - 1]! - seqs[0]! + 1 };
  const published = await publishChunk({ ...tools, verdicts }, job, read);
  const outcomes: Outcome[] =
    job.afterRedrive === "keep"
      ? await markChunk(tools, job, read, published)
      : await removeChunk(src, job, read, published, { purgedBelow: undefined });
  const transient = outcomes.find((o) => o.transient);
  if (transient) throw new Error(`timeout: re-settling entries after a restart: ${transient.error ?? ""}`);
  const lost = outcomes.filter((o) => o.result !== "moved");
  if (lost.length === 0) return job;
  const next = await src.store.update(job.id, (record) => {
    if (record.owner !== src.owner) return undefined;
    for (const o of lost) {
      record.moved--;
      if (o.result === "inDoubt") {
        record.inDoubt = (record.inDoubt ?? 0) + 1;
        record.inDoubtSeqs = [...(record.inDoubtSeqs ?? []), o.seq];
      } else if (o.result === "failed") {
        record.failed++;
        if (o.error && record.errors.length < MAX_ERRORS) record.errors.push({ seq: o.seq, error: o.error });
      } else record.skipped++;
      const pos = below.find((c) => c.seq === o.seq)?.pos;
      if (record.fence && pos !== undefined) record.fence.kept.push([pos, o.seq]);
    }
    return record;
  });
  return next ?? job;
}
