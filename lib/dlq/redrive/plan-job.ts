// Plans a redrive job in the background: the POST stored it in "planning" holding what it could claim at once (an
// explicit selection's sequences; nothing for a filter). Here the runner snapshots the selection — the selected
// entries that exist, a filter's matches below the bound taken at the POST — writing progress as it reads, claims
// the snapshot (the job fails with the reason when another job took some of it meanwhile) and lets the job run.
// Planning only reads, so a replica that takes over an expired lease plans again from the start.
import type { Selection } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { collectSelection, sliceRanges, toRanges, type Source } from "@/lib/dlq/entries";
import { conflictMessage, type JobRecord, type RedriveStore } from "./store";

export type PlanContext = {
  src: Source;
  store: RedriveStore;
  owner: string;
  leaseMs: number;
  /** Checked as entries are read: "release" hands the job back, "crash" just stops (the lease runs out). */
  interrupted?: () => "release" | "crash" | undefined;
  onFinish?: (job: JobRecord) => void | Promise<void>;
};

/** A job record (its snapshot's ranges included) must fit one KV value. */
export const MAX_JOB_BYTES = 900 * 1024;
/** Progress (and the lease) is written at most this often while entries are read. */
const PROGRESS_MS = 500;

class PlanningStopped extends Error {}

const recordTooBig = (job: JobRecord) => Buffer.byteLength(JSON.stringify(job)) > MAX_JOB_BYTES;

export const TOO_SCATTERED =
  "selection: too scattered to store as one job; narrow the filter or redrive in parts";

/** Takes the job's lease if it is planning and free (or ours, or expired), plans it and leaves it running. */
export async function planJob(ctx: PlanContext, id: string): Promise<JobRecord | undefined> {
  const current = await ctx.store.get(id);
  if (!current || current.job.state !== "planning" || !current.job.planning) return current?.job;
  const { job } = current;
  const { before } = current.job.planning;
  if (job.owner && job.owner !== ctx.owner && job.leaseUntil > Date.now()) return job;
  job.owner = ctx.owner;
  job.leaseUntil = Date.now() + ctx.leaseMs;
  job.planning = { ...current.job.planning, examined: 0, selected: 0 }; // an earlier owner's reading is read again
  if ((await ctx.store.tryWrite(job, current.revision)) === undefined) return undefined;
  const ours = (r: JobRecord) => r.owner === ctx.owner && r.state === "planning";

  let examined = 0;
  let selected = 0;
  let lost = false;
  let writing = false;
  let writtenAt = Date.now();
  const onRead = () => {
    examined++;
    if (lost || ctx.interrupted?.()) throw new PlanningStopped();
    if (writing || Date.now() - writtenAt < PROGRESS_MS) return;
    writing = true;
    writtenAt = Date.now();
    ctx.store
      .update(id, (r) => {
        if (!ours(r)) return undefined;
        r.planning = { ...r.planning!, examined, selected };
        r.leaseUntil = Date.now() + ctx.leaseMs;
        return r;
      })
      .then((r) => void (lost = !r || !ours(r))) // cancelled, or another replica took it
      .catch(() => undefined)
      .finally(() => (writing = false));
  };
  const selection: Selection = job.selection.filter
    ? { filter: job.selection.filter }
    : { seqs: sliceRanges(job.ranges, 0, Number.MAX_SAFE_INTEGER) };
  let seqs: number[];
  try {
    seqs = await collectSelection(ctx.src, job.dlqStream, selection, () => void selected++, {
      before,
      onRead,
    });
  } catch (error) {
    if (!(error instanceof PlanningStopped)) {
      if (error instanceof AppError && error.code === "invalid_input") return fail(ctx, id, error.message);
      throw error; // NATS trouble: the runner tries again
    }
    if (ctx.interrupted?.() === "release")
      await ctx.store.update(id, (r) => (ours(r) ? { ...r, owner: null, leaseUntil: 0 } : undefined));
    return undefined;
  }
  if (seqs.length === 0)
    return fail(ctx, id, "nothing to redrive: no selected entry is in the stream any more");
  // The snapshot goes into the record first, then it is claimed: a claim racing this one sees it.
  const ranges = toRanges(seqs);
  let tooBig = false;
  const withRanges = await ctx.store.update(id, (r) => {
    if (!ours(r)) return undefined;
    r.ranges = ranges;
    r.planning = { ...r.planning!, examined, selected: seqs.length };
    r.leaseUntil = Date.now() + ctx.leaseMs;
    tooBig = recordTooBig(r);
    return tooBig ? undefined : r;
  });
  if (tooBig) return fail(ctx, id, TOO_SCATTERED);
  if (!withRanges || !ours(withRanges)) return withRanges;
  const holder = await ctx.store.claim(withRanges);
  if (holder) return fail(ctx, id, `conflict: ${conflictMessage(holder)}; nothing was redriven`);
  return ctx.store.update(id, (r) => {
    if (!ours(r)) return undefined;
    r.state = "running";
    r.total = seqs.length;
    r.done = 0;
    delete r.planning;
    r.leaseUntil = Date.now() + ctx.leaseMs; // kept: this runner goes on with the job
    return r;
  });
}

/** Ends a job that cannot be planned: failed with the reason, nothing redriven, audited like any finished job. */
async function fail(ctx: PlanContext, id: string, reason: string): Promise<JobRecord | undefined> {
  const failed = await ctx.store.update(id, (r) => {
    if (r.owner !== ctx.owner || r.state !== "planning") return undefined;
    r.state = "failed";
    r.stateReason = reason;
    r.owner = null;
    r.ranges = [];
    delete r.planning;
    return r;
  });
  if (failed?.state === "failed" && failed.stateReason === reason) await ctx.onFinish?.(failed);
  return failed;
}
