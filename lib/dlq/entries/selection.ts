// Snapshot of a redrive or discard selection: the sequences of the selected entries that exist now.
import "server-only";
import type { DeadLetterEntry, Selection } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { readRange } from "@/lib/nats/stream-reader";
import { toEntry } from "./entry";
import { originHeadersFor } from "./origin-headers";
import { toRanges } from "./seq-ranges";
import type { Source } from "./source";
import { dlqStreamInfo, walkNewestFirst } from "./walk";

export const MAX_SELECTION = 100_000;

export type CollectOptions = {
  /** A filter's snapshot: only entries below this sequence (default: every entry stored now). */
  before?: number;
  /** Called for every message read; throwing stops the collection (a cancelled job's planning). */
  onRead?: () => void;
};

/** Visits every selected entry that exists (headers only); returns the sequences visited. */
export async function collectSelection(
  src: Source,
  dlq: string,
  selection: Selection,
  visit: (entry: DeadLetterEntry) => void = () => {},
  options: CollectOptions = {},
): Promise<number[]> {
  const info = await dlqStreamInfo(src.jsm, dlq);
  const seqs: number[] = [];
  if ("seqs" in selection) {
    const names = originHeadersFor(src.originHeaders, dlq);
    const wanted = new Set(selection.seqs);
    const sorted = [...wanted].sort((a, b) => a - b);
    const ranges = toRanges(sorted);
    for (const [a, b] of ranges) {
      await readRange(
        src.nc,
        src.apiPrefix,
        { stream: dlq, startSeq: a, endSeq: b + 1, headersOnly: true, batch: 2000 },
        (msg) => {
          options.onRead?.();
          if (!wanted.has(msg.seq)) return;
          const entry = toEntry(dlq, msg, names, src.keyRules);
          entry.size = msg.size || entry.size; // a lost payload: the size the tap recorded
          seqs.push(msg.seq);
          visit(entry);
        },
      );
    }
    return seqs;
  }
  const walk = await walkNewestFirst(
    src,
    info,
    selection.filter,
    options.before ?? info.state.last_seq + 1,
    (entry) => {
      seqs.push(entry.seq);
      visit(entry);
      if (seqs.length > MAX_SELECTION) return false;
    },
    { scanCap: Number.MAX_SAFE_INTEGER, onRead: options.onRead },
  );
  void walk;
  if (seqs.length > MAX_SELECTION)
    throw new AppError(
      "invalid_input",
      `selection: the filter matches more than ${MAX_SELECTION} entries; narrow it (time range, subject) and redrive in parts`,
    );
  return seqs.reverse();
}
