// Starts a redrive (or answers its dry run): store the job in "planning", claiming what is known at once (explicit
// sequences), and hand it to the runner, which plans it in the background (./plan-job.ts).
import "server-only";
import type {
  AfterRedrive,
  DeadLetterFilter,
  RedriveJob,
  RedrivePlan,
  RedriveRequest,
} from "@/lib/dto/dead-letters";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { countRanges, dlqStreamInfo, readEntry, toRanges, type Source } from "@/lib/dlq/entries";
import { planRedrive } from "./plan";
import { MAX_JOB_BYTES, TOO_SCATTERED } from "./plan-job";
import { toJobDto, type JobRecord, type RedriveStore } from "./store";

export type StartDeps = {
  src: Source;
  store: RedriveStore;
  poke: () => void;
  defaults: RedriveDefaults;
};

/** An environment's redrive settings: the rate a job gets when the request names none, and what happens after. */
export type RedriveDefaults = { ratePerSecond: number; afterRedrive: AfterRedrive };

export async function startRedrive(
  deps: StartDeps,
  req: RedriveRequest,
  actor: Actor,
): Promise<{ plan: RedrivePlan } | { job: RedriveJob }> {
  const { src } = deps;
  if ("seqs" in req.selection && req.selection.seqs.length === 1)
    await readEntry(src.jsm, req.dlq, req.selection.seqs[0]!); // 404 for an unknown entry
  if (req.dryRun) {
    const { ranges: _ranges, ...plan } = await planRedrive(src, req.dlq, req.selection, req.target);
    return { plan };
  }
  // The job is stored at once, in "planning": the runner snapshots the selection in the background (./plan-job.ts).
  const info = await dlqStreamInfo(src.jsm, req.dlq);
  const filter: DeadLetterFilter | undefined = "filter" in req.selection ? req.selection.filter : undefined;
  // Explicit sequences are claimed now (a second job over them is refused at once); a filter once planned.
  const requested = "seqs" in req.selection ? toRanges(req.selection.seqs) : [];
  const now = new Date().toISOString();
  const job: JobRecord = {
    id: `rd-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`,
    dlqStream: req.dlq,
    ranges: requested,
    selection: filter ? { filter } : { seqs: countRanges(requested) },
    target: req.target ?? null,
    ratePerSecond: req.ratePerSecond ?? deps.defaults.ratePerSecond,
    afterRedrive: deps.defaults.afterRedrive,
    state: "planning",
    stateReason: null,
    total: 0,
    planning: {
      before: info.state.last_seq + 1,
      of: filter ? info.state.messages : countRanges(requested),
      examined: 0,
      selected: 0,
    },
    done: 0,
    moved: 0,
    failed: 0,
    skipped: 0,
    rate: 0,
    createdAt: now,
    updatedAt: now,
    createdBy: actor.user,
    owner: null,
    leaseUntil: 0,
    errors: [],
  };
  if (Buffer.byteLength(JSON.stringify(job)) > MAX_JOB_BYTES)
    throw new AppError("invalid_input", TOO_SCATTERED);
  await deps.store.createExclusive(job);
  await recordAudit(src, {
    user: actor.user,
    address: actor.address,
    action: "redrive.start",
    dlqStream: req.dlq,
    filter,
    seqs: "seqs" in req.selection ? req.selection.seqs.slice(0, 100) : undefined,
    target: job.target,
    jobId: job.id,
    counts: {
      ...(filter ? {} : { selected: countRanges(requested) }),
      ratePerSecond: job.ratePerSecond,
    },
    result: "ok",
  });
  deps.poke();
  return { job: toJobDto(job, 0) };
}
