// Browse a DLQ stream newest first: windows read backwards from a sequence cursor, so pages stay stable while
// entries arrive.
import "server-only";
import type { DeadLetterEntry, DeadLetterFilter, DeadLetterPage } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { dlqStreamInfo, walkNewestFirst, withMarks, type Source } from "@/lib/dlq/entries";
import { decodeCursor, encodeCursor } from "./cursor";

export async function browse(
  src: Source,
  dlq: string,
  filter: DeadLetterFilter,
  cursorText: string | undefined,
  limit = 50,
): Promise<DeadLetterPage> {
  const info = await dlqStreamInfo(src.jsm, dlq);
  const before = cursorText ? decodeCursor(cursorText, dlq).before : info.state.last_seq + 1;
  if (before > info.state.last_seq + 1)
    throw new AppError(
      "invalid_input",
      "cursor: it points past the newest entry (from another server?); start again from the first page",
    );
  const entries: DeadLetterEntry[] = [];
  const walk = await walkNewestFirst(src, info, filter, before, (entry) => {
    entries.push(entry);
    return entries.length < limit;
  });
  const more = walk.stoppedAt !== null && walk.stoppedAt > info.state.first_seq;
  return {
    dlqStream: dlq,
    entries: await withMarks(src.jsm, entries),
    nextCursor: more ? encodeCursor({ dlq, before: walk.stoppedAt! }) : null,
    scanned: walk.scanned,
    scanCapped: walk.capped,
    totalInStream: info.state.messages,
  };
}
