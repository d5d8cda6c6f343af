// Pure, bounded: conversation summaries for the list, each reused while its fingerprint (what it was computed
// from) is unchanged.
import type { ConversationSummary, Timeline } from "@/lib/dto/traces";

/** A summary as computed at `at`; a waiting conversation's duration and wait keep growing after that. */
export type SummaryRow = { summary: ConversationSummary; at: number; waitingSince: number | null };

export function summaryRow(timeline: Timeline, at: number): SummaryRow {
  const waiting = timeline.pairs.filter((p) => p.waitingMs !== null).map((p) => p.waitingMs!);
  const longest = waiting.length ? Math.max(...waiting) : null;
  return {
    at,
    waitingSince: longest === null ? null : at - longest,
    summary: {
      conversationId: timeline.conversationId,
      status: timeline.status,
      startedAt: timeline.startedAt,
      durationMs: timeline.durationMs,
      messages: timeline.counts.messages,
      tools: timeline.counts.tools,
      failures: timeline.counts.failures,
      waitingMs: longest !== null && longest > 0 ? longest : null,
    },
  };
}

/** The row's summary as it reads at `now`: what a fresh lookup would say when nothing else changed. */
export function summaryAt(row: SummaryRow, now: number): ConversationSummary {
  const { summary } = row;
  const elapsed = now - row.at;
  const wait = row.waitingSince === null ? null : now - row.waitingSince;
  return {
    ...summary,
    // Only a waiting conversation has no end yet: its duration runs to now.
    durationMs:
      summary.status === "waiting" && summary.durationMs !== null
        ? summary.durationMs + elapsed
        : summary.durationMs,
    waitingMs: wait !== null && wait > 0 ? wait : null,
  };
}

export class SummaryCache {
  private readonly rows = new Map<string, { fingerprint: string; row: SummaryRow }>();

  constructor(readonly maxRows: number) {}

  get size(): number {
    return this.rows.size;
  }

  get(id: string, fingerprint: string, now: number): ConversationSummary | null {
    const cached = this.rows.get(id);
    return cached && cached.fingerprint === fingerprint ? summaryAt(cached.row, now) : null;
  }

  /** `fingerprint` must be taken before the lookup that produced `row`, so a change during the lookup is not hidden. */
  set(id: string, fingerprint: string, row: SummaryRow): void {
    this.rows.delete(id);
    this.rows.set(id, { fingerprint, row });
    if (this.rows.size > this.maxRows) this.rows.delete(this.rows.keys().next().value!);
  }
}
