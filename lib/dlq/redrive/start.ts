// Starts a redrive (or answers its dry run): snapshot the selection, claim it exclusively, hand it to the runner.
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
import { readEntry, type Source } from "@/lib/dlq/entries";
import { planRedrive } from "./plan";
import { toJobDto, type JobRecord, type RedriveStore } from "./store";

export type StartDeps = {
  src: Source;
  store: RedriveStore;
  poke: () => void;
  defaults: RedriveDefaults;
};

/** An environment's redrive settings: the rate a job gets when the request names none, and what happens after. */
export type RedriveDefaults = { ratePerSecond: number; afterRedrive: AfterRedrive };

const MAX_JOB_BYTES = 900 * 1024;

export async function startRedrive(
  deps: StartDeps,
  req: RedriveRequest,
  actor: Actor,
): Promise<{ plan: RedrivePlan } | { job: RedriveJob }> {
  const { src } = deps;
  if ("seqs" in req.selection && req.selection.seqs.length === 1)
    await readEntry(src.jsm, req.dlq, req.selection.seqs[0]!); // 404 for an unknown entry
  const { ranges, ...plan } = await planRedrive(src, req.dlq, req.selection, req.target);
  if (req.dryRun) return { plan };
  if (plan.count === 0)
    throw new AppError(
      "invalid_input",
      "selection: nothing to redrive; no selected entry is in the stream any more",
    );
  const now = new Date().toISOString();
  const filter: DeadLetterFilter | undefined = "filter" in req.selection ? req.selection.filter : undefined;
  const job: JobRecord = {
    id: `rd-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`,
    dlqStream: req.dlq,
    ranges,
    selection: filter ? { filter } : { seqs: plan.count },
    target: req.target ?? null,
    ratePerSecond: req.ratePerSecond ?? deps.defaults.ratePerSecond,
    afterRedrive: deps.defaults.afterRedrive,
    state: "running",
    stateReason: null,
    total: plan.count,
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
    throw new AppError(
      "invalid_input",
      "selection: too scattered to store as one job; narrow the filter or redrive in parts",
    );
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
    counts: { selected: plan.count, ratePerSecond: job.ratePerSecond },
    result: "ok",
  });
  deps.poke();
  return { job: toJobDto(job, 0) };
}
