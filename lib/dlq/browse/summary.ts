// Group-by summary of a DLQ stream: counts per original subject and per reason.
import "server-only";
import type { DeadLetterFilter, DeadLetterSummary, SummaryRow } from "@/lib/dto/dead-letters";
import {
  dlqStreamInfo,
  OWN_DLQ_PREFIX,
  OWN_DLQ_STREAM,
  ownEntryFilter,
  reasonKind,
  walkNewestFirst,
  type Source,
} from "@/lib/dlq/entries";

const TOP = 20;
const MAX_SUBJECTS = 10_000;
const SCAN = 20_000;

function top(counts: Map<string, number>): SummaryRow[] {
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, TOP);
}

function bump(map: Map<string, number>, key: string, by = 1) {
  map.set(key, (map.get(key) ?? 0) + by);
}

export async function summarize(
  src: Source,
  dlq: string,
  filter: DeadLetterFilter,
): Promise<DeadLetterSummary> {
  const info = await dlqStreamInfo(src.jsm, dlq);
  const bySubject = new Map<string, number>();
  const byReason = new Map<string, number>();
  const plain = !filter.text && !filter.conversation && !filter.from && !filter.to;
  // Own stream: the server counts per subject, and the subject carries reason and original subject.
  if (
    dlq === OWN_DLQ_STREAM &&
    plain &&
    info.state.num_subjects !== undefined &&
    info.state.num_subjects <= MAX_SUBJECTS
  ) {
    const detailed = await src.jsm.streams.info(dlq, { subjects_filter: ownEntryFilter(filter) });
    for (const [subject, count] of Object.entries(detailed.state.subjects ?? {})) {
      const tokens = subject.slice(OWN_DLQ_PREFIX.length + 1).split(".");
      bump(byReason, tokens[0]!, count);
      bump(bySubject, tokens.slice(3).join("."), count);
    }
    return { dlqStream: dlq, bySubject: top(bySubject), byReason: top(byReason), scanned: 0, complete: true };
  }
  const walk = await walkNewestFirst(
    src,
    info,
    filter,
    info.state.last_seq + 1,
    (entry) => {
      bump(bySubject, entry.origin.subject ?? "(unknown)");
      bump(byReason, reasonKind(entry.origin.reason));
    },
    { scanCap: SCAN },
  );
  return {
    dlqStream: dlq,
    bySubject: top(bySubject),
    byReason: top(byReason),
    scanned: walk.scanned,
    complete: !walk.capped,
  };
}
