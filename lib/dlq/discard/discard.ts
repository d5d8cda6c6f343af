// Discards DLQ entries (single, selected or by filter); a bulk discard must repeat its count.
import "server-only";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { jobIsActive, type JobState, type Selection } from "@/lib/dto/dead-letters";
import {
  collectSelection,
  rangesIntersect,
  readEntry,
  toRanges,
  type SeqRanges,
  type Source,
} from "@/lib/dlq/entries";

/** What discard reads of the redrive job store (a RedriveStore): only to refuse entries an active job holds. */
export type RedriveJobs = {
  list(): Promise<{ id: string; dlqStream: string; state: JobState; ranges: SeqRanges }[]>;
};

export async function discard(
  src: Source,
  store: RedriveJobs,
  dlq: string,
  selection: Selection,
  confirmCount: number | undefined,
  actor: Actor,
): Promise<{ discarded: number; missing: number }> {
  if ("seqs" in selection && selection.seqs.length === 1) await readEntry(src.jsm, dlq, selection.seqs[0]!);
  const seqs = await collectSelection(src, dlq, selection);
  if (seqs.length === 0)
    throw new AppError(
      "invalid_input",
      "selection: nothing to discard; no selected entry is in the stream any more",
    );
  if (seqs.length > 1 && confirmCount !== seqs.length) {
    throw new AppError(
      "invalid_input",
      `confirmCount: a bulk discard needs the count typed to confirm: ${seqs.length} entries match now`,
    );
  }
  const ranges = toRanges(seqs);
  const busy = (await store.list()).find(
    (j) => j.dlqStream === dlq && jobIsActive(j.state) && rangesIntersect(j.ranges, ranges),
  );
  if (busy)
    throw new AppError(
      "conflict",
      `redrive job ${busy.id} (${busy.state}) holds some of these entries; cancel it first`,
    );
  let discarded = 0;
  for (let i = 0; i < seqs.length; i += 256) {
    const results = await Promise.all(
      seqs.slice(i, i + 256).map((seq) => src.jsm.streams.deleteMessage(dlq, seq, false).catch(() => false)),
    );
    discarded += results.filter(Boolean).length;
  }
  await recordAudit(src, {
    user: actor.user,
    address: actor.address,
    action: "discard",
    dlqStream: dlq,
    filter: "filter" in selection ? selection.filter : undefined,
    seqs: seqs.slice(0, 100),
    counts: { selected: seqs.length, discarded },
    result: discarded === seqs.length ? "ok" : "partial",
  });
  return { discarded, missing: seqs.length - discarded };
}
