// The dry run of a redrive: count, samples, counts per target, warnings, and the ranges a job would claim.
import "server-only";
import type { JetStreamManager } from "@nats-io/jetstream";
import {
  REDRIVE_FLAG_AT,
  type DeadLetterEntry,
  type RedrivePlan,
  type Selection,
} from "@/lib/dto/dead-letters";
import { subjectMatches } from "@/lib/core/subjects";
import {
  applyMark,
  collectSelection,
  loadMarks,
  markOf,
  toRanges,
  type SeqRanges,
  type Source,
} from "@/lib/dlq/entries";
import { capacityWarnings, type TargetLoad } from "./target-capacity";

const RECORD_OVERHEAD_BYTES = 300;

export function targetOf(entry: DeadLetterEntry, target: string | undefined): string | null {
  if (target) return target;
  return entry.origin.subject || null;
}

async function describeTarget(
  jsm: JetStreamManager,
  subject: string,
): Promise<{ stream: string | null; consumers: number }> {
  const stream = await jsm.streams.find(subject).catch(() => null);
  if (!stream) return { stream: null, consumers: 0 };
  let consumers = 0;
  for await (const c of jsm.consumers.list(stream)) {
    const filters = c.config.filter_subjects ?? (c.config.filter_subject ? [c.config.filter_subject] : []);
    if (filters.length === 0 || filters.some((f) => subjectMatches(f, subject))) consumers++;
  }
  return { stream, consumers };
}

export async function planRedrive(
  src: Source,
  dlq: string,
  selection: Selection,
  target: string | undefined,
): Promise<RedrivePlan & { ranges: SeqRanges }> {
  const samples: DeadLetterEntry[] = [];
  const perTarget = new Map<string, number>();
  const bytesPerTarget = new Map<string, number>();
  const seen: { seq: number; time: string; redriveCount: number }[] = [];
  let skipped = 0;
  const seqs = await collectSelection(src, dlq, selection, (entry) => {
    if (samples.length < 5) samples.push(entry);
    seen.push({ seq: entry.seq, time: entry.time, redriveCount: entry.redriveCount });
    const t = targetOf(entry, target);
    if (!t || (entry.payloadLost && !target)) {
      skipped++;
      return;
    }
    perTarget.set(t, (perTarget.get(t) ?? 0) + 1);
    // Payload plus roughly what the copy's headers and the stream's record add.
    bytesPerTarget.set(t, (bytesPerTarget.get(t) ?? 0) + entry.size + RECORD_OVERHEAD_BYTES);
  });
  // Entries kept by earlier redrives: they go out again as new messages, and their redrive count includes those.
  const ranges = toRanges(seqs);
  const marks = await loadMarks(src.nc, src.jsm, src.apiPrefix, dlq, ranges);
  let kept = 0;
  let flagged = 0;
  for (const e of seen) {
    const mark = markOf(marks, e.seq, e.time);
    if (mark) kept++;
    if (e.redriveCount + (mark?.count ?? 0) >= REDRIVE_FLAG_AT) flagged++;
  }
  for (const sample of samples) {
    const mark = markOf(marks, sample.seq, sample.time);
    if (mark) applyMark(sample, mark);
  }
  const warnings: string[] = [];
  if (seqs.length === 0)
    warnings.push("Nothing selected: no entry matches (they may have been redriven or discarded already).");
  if ("seqs" in selection && seqs.length < new Set(selection.seqs).size)
    warnings.push(`${new Set(selection.seqs).size - seqs.length} selected entries are no longer in ${dlq}.`);
  if (skipped > 0)
    warnings.push(`${skipped} entries have no original subject or lost their payload; they will be skipped.`);
  if (kept > 0)
    warnings.push(
      `${kept} entries were redriven before and kept; they will be published again as new messages (not de-duplicated against the earlier copies).`,
    );
  if (flagged > 0)
    warnings.push(
      `${flagged} entries were already redriven ${REDRIVE_FLAG_AT} or more times: they keep failing; consider fixing the cause or discarding them.`,
    );
  const targets = [...perTarget].sort((a, b) => b[1] - a[1]);
  const described = await Promise.all(
    targets.slice(0, 50).map(async ([subject, count]) => ({
      target: subject,
      count,
      ...(await describeTarget(src.jsm, subject)),
    })),
  );
  for (const t of described) {
    if (!t.stream)
      warnings.push(
        `No stream captures ${t.target}: its ${t.count} entries would fail (nothing is published without a stream to confirm it).`,
      );
    else if (t.consumers === 0)
      warnings.push(
        `No consumer of ${t.stream} reads ${t.target}: its ${t.count} messages would wait in the stream.`,
      );
  }
  const loads = new Map<string, TargetLoad>();
  for (const t of described) {
    if (!t.stream) continue;
    const load = loads.get(t.stream) ?? { stream: t.stream, count: 0, bytes: 0 };
    load.count += t.count;
    load.bytes += bytesPerTarget.get(t.target) ?? 0;
    loads.set(t.stream, load);
  }
  warnings.push(...(await capacityWarnings(src.jsm, [...loads.values()])));
  return { count: seqs.length, samples, perTarget: described, warnings, skipped, ranges };
}
