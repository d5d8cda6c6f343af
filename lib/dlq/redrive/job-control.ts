// Cancel (stops, never reverts), pause and resume a redrive job; each is audited.
import "server-only";
import type { JobState, RedriveJob } from "@/lib/dto/dead-letters";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Source } from "@/lib/dlq/entries";
import { toJobDto, type RedriveStore } from "./store";

export type JobAction = "cancel" | "pause" | "resume";

const TRANSITIONS: Record<JobAction, { from: JobState[]; to: JobState }> = {
  cancel: { from: ["planning", "running", "paused"], to: "cancelled" },
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
};

export async function controlJob(
  src: Source,
  store: RedriveStore,
  id: string,
  action: JobAction,
  actor: Actor,
  poke: () => void,
): Promise<RedriveJob> {
  const rule = TRANSITIONS[action];
  let refused: JobState | undefined;
  const returned = await store.returned(id);
  const job = await store.update(id, (record) => {
    if (!rule.from.includes(record.state)) {
      refused = record.state;
      return undefined;
    }
    record.state = rule.to;
    if (action === "resume") record.returnedBaseline = returned;
    record.stateReason = `${action === "cancel" ? "cancelled" : action === "pause" ? "paused" : "resumed"} by ${actor.user}`;
    // The owner is left alone: a runner mid-chunk still records that chunk, then lets go when it sees the new state.
    return record;
  });
  if (!job) throw new AppError("not_found", `redrive job ${id} does not exist`);
  if (refused) throw new AppError("conflict", `job ${id} is ${refused}; it cannot ${action}`);
  await recordAudit(src, {
    user: actor.user,
    address: actor.address,
    action: `redrive.${action}`,
    dlqStream: job.dlqStream,
    jobId: id,
    counts: { moved: job.moved, failed: job.failed, remaining: job.total - job.done },
    result: "ok",
  });
  if (action === "resume") poke();
  return toJobDto(job, await store.returned(id));
}
