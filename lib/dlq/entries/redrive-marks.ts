// Redrive marks: entries in a stream are immutable, so a job with `redriveAfter: "keep"` records each redriven entry
// in SWITCHYARD_REDRIVEN, one subject per entry (switchyard.redriven.<dlq>.<seq>, last message kept), holding how
// many times it was redriven while kept, by which job, when and where to. Browse, the dry run and later
// redrives read it.
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";
import type { DeadLetterEntry, RedriveMark } from "@/lib/dto/dead-letters";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";
import { rangesIntersect, type SeqRanges } from "./seq-ranges";
import { readRange } from "@/lib/nats/stream-reader";

export const MARKS_STREAM = "SWITCHYARD_REDRIVEN";
const PREFIX = "switchyard.redriven";
const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored mark: the DTO plus the entry's stored time, so a mark never applies to another entry with the same seq. */
export type StoredMark = RedriveMark & { entryTime: string };

export function markSubject(dlq: string, seq: number): string {
  return `${PREFIX}.${dlq}.${seq}`;
}

export async function ensureMarksStream(jsm: JetStreamManager): Promise<void> {
  await createStreamIfMissing(jsm, {
    name: MARKS_STREAM,
    description:
      "Switchyard: which dead-letter entries were redriven and kept (one subject per entry, last mark kept)",
    subjects: [`${PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage: StorageType.File,
    max_msgs_per_subject: 1,
    // Longer than SWITCHYARD_DLQ keeps its entries (30 days); marks of entries gone since then are never looked up.
    max_age: nanos(31 * DAY_MS),
  });
}

function parse(data: Uint8Array): StoredMark | undefined {
  try {
    const mark = JSON.parse(new TextDecoder().decode(data)) as Partial<StoredMark>;
    if (typeof mark.count !== "number" || typeof mark.entryTime !== "string") return undefined;
    return {
      count: mark.count,
      lastJob: String(mark.lastJob ?? ""),
      lastAt: String(mark.lastAt ?? ""),
      lastTarget: String(mark.lastTarget ?? ""),
      entryTime: mark.entryTime,
    };
  } catch {
    return undefined;
  }
}

async function hasMarks(jsm: JetStreamManager): Promise<boolean> {
  try {
    return (await jsm.streams.info(MARKS_STREAM)).state.messages > 0;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return false;
    throw error;
  }
}

/**
 * Every mark of a DLQ stream inside `ranges` (a job's snapshot), by entry seq. Costs one read of that
 * stream's marks.
 */
export async function loadMarks(
  nc: NatsConnection,
  jsm: JetStreamManager,
  apiPrefix: string,
  dlq: string,
  ranges: SeqRanges,
): Promise<Map<number, StoredMark>> {
  const marks = new Map<number, StoredMark>();
  if (!(await hasMarks(jsm))) return marks;
  await readRange(
    nc,
    apiPrefix,
    { stream: MARKS_STREAM, startSeq: 1, filter: `${PREFIX}.${dlq}.*`, batch: 2000 },
    (msg) => {
      const seq = Number(msg.subject.slice(msg.subject.lastIndexOf(".") + 1));
      const mark = parse(msg.data);
      if (mark && rangesIntersect([[seq, seq]], ranges)) marks.set(seq, mark);
    },
  );
  return marks;
}

/** The mark of an entry, if it has one that belongs to it (same stored time). */
export function markOf(
  marks: ReadonlyMap<number, StoredMark>,
  seq: number,
  entryTime: string,
): StoredMark | undefined {
  const mark = marks.get(seq);
  return mark && mark.entryTime === entryTime ? mark : undefined;
}

/** Fills in `redriven` and the total redrive count of a page of entries (a get per entry, only when marks exist). */
export async function withMarks(
  jsm: JetStreamManager,
  entries: DeadLetterEntry[],
): Promise<DeadLetterEntry[]> {
  if (entries.length === 0 || !(await hasMarks(jsm))) return entries;
  await Promise.all(
    entries.map(async (entry) => {
      const msg = await jsm.streams
        .getMessage(MARKS_STREAM, { last_by_subj: markSubject(entry.dlqStream, entry.seq) })
        .catch(() => null);
      const mark = msg ? parse(msg.data) : undefined;
      if (mark && mark.entryTime === entry.time) applyMark(entry, mark);
    }),
  );
  return entries;
}

export function applyMark(entry: DeadLetterEntry, mark: StoredMark): void {
  entry.redriven = {
    count: mark.count,
    lastJob: mark.lastJob,
    lastAt: mark.lastAt,
    lastTarget: mark.lastTarget,
  };
  entry.redriveCount += mark.count;
}
