// An operator's decision on a job's in-doubt entries (work in flight at a NATS restart that could not be proven
// either way): send them again (accepting a possible second delivery) or mark them redriven (the operator knows
// they arrived). Either way the entry is then removed or marked as after any redrive, and the decision is audited.
import "server-only";
import type { InDoubtRequest, RedriveJob } from "@/lib/dto/dead-letters";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { PubAckPipeline } from "@/lib/nats/pub-ack-pipeline";
import { loadMarks, originHeadersFor, redriveDropped, toRanges, type Source } from "@/lib/dlq/entries";
import {
  markChunk,
  publishChunk,
  readChunk,
  removeChunk,
  TargetStreams,
  type ChunkTools,
  type Verdict,
} from "./chunk";
import { toJobDto, type RedriveStore } from "./store";

const MAX_ERRORS = 20;

export async function resolveInDoubt(
  src: Source,
  store: RedriveStore,
  id: string,
  request: InDoubtRequest,
  actor: Actor,
): Promise<RedriveJob> {
  const found = await store.get(id);
  if (!found) throw new AppError("not_found", `redrive job ${id} does not exist`);
  const { job } = found;
  const held = new Set(job.inDoubtSeqs ?? []);
  const wanted = request.seqs ?? [...held];
  const stray = wanted.find((seq) => !held.has(seq));
  if (stray !== undefined)
    throw new AppError("invalid_input", `seqs: entry ${stray} is not in doubt on job ${id}`);
  if (wanted.length === 0) throw new AppError("invalid_input", `seqs: job ${id} has no entries in doubt`);
  const seqs = [...new Set(wanted)].sort((a, b) => a - b);

  const verdict: Verdict = request.action === "send" ? "send" : "delivered";
  const names = originHeadersFor(src.originHeaders, job.dlqStream);
  const pipeline = new PubAckPipeline(src.nc);
  let outcomes;
  try {
    const tools: ChunkTools = {
      pipeline,
      targets: new TargetStreams(src.jsm),
      marks: await loadMarks(src.nc, src.jsm, src.apiPrefix, job.dlqStream, toRanges(seqs)),
      names,
      dropped: redriveDropped(names),
      verdicts: new Map(seqs.map((seq) => [seq, verdict])),
    };
    const read = await readChunk(src, job.dlqStream, seqs);
    const published = await publishChunk(tools, job, read);
    outcomes =
      job.afterRedrive === "keep"
        ? await markChunk(tools, job, read, published)
        : await removeChunk(src, job, read, published, { purgedBelow: undefined });
  } finally {
    pipeline.close();
  }
  // A NATS hiccup leaves those entries in doubt, to try again; everything else is settled now.
  const settled = outcomes.filter((o) => !o.transient);
  const done = new Set(settled.map((o) => o.seq));
  const count = (result: string) => settled.filter((o) => o.result === result).length;
  const next = await store.update(id, (record) => {
    const before = record.inDoubtSeqs ?? [];
    const remaining = before.filter((seq) => !done.has(seq));
    record.inDoubt = Math.max(0, (record.inDoubt ?? 0) - (before.length - remaining.length));
    record.inDoubtSeqs = remaining;
    record.moved += count("moved");
    record.failed += count("failed");
    record.skipped += count("skipped");
    for (const o of settled)
      if (o.error && record.errors.length < MAX_ERRORS) record.errors.push({ seq: o.seq, error: o.error });
    if (record.inDoubt === 0 && record.state === "done") record.stateReason = null;
    return record;
  });
  await recordAudit(src, {
    user: actor.user,
    address: actor.address,
    action: request.action === "send" ? "redrive.in_doubt_send" : "redrive.in_doubt_mark",
    dlqStream: job.dlqStream,
    seqs: seqs.slice(0, 100),
    jobId: id,
    target: job.target,
    counts: {
      selected: seqs.length,
      moved: count("moved"),
      failed: count("failed"),
      retry: outcomes.length - settled.length,
    },
    result: count("moved") === seqs.length ? "ok" : count("moved") > 0 ? "partial" : "failed",
    note:
      request.action === "send"
        ? "sent again although they may already have been delivered (operator's choice)"
        : "marked redriven without sending (operator says they were delivered)",
  });
  return toJobDto(next ?? job, await store.returned(id));
}
