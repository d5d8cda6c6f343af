// Pure: one page of the incidents in a state, in the order lists show them, with counts of all of them and the streams
// most affected. A storm across thousands of consumers is thousands of incidents: a list answers a page of them, and
// its header says how many there are and where.
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { IncidentCounts } from "@/lib/dto/incidents";
import type { IncidentRecord } from "./engine";

export type IncidentPage = {
  records: IncidentRecord[];
  matched: number;
  offset: number;
  nextCursor: string | null;
  counts: IncidentCounts;
  openStreams: { stream: string; open: number }[];
};

/** Open first, worst first, then the longest open; then resolved, the latest first. */
export function incidentOrder(a: IncidentRecord, b: IncidentRecord): number {
  return (
    Number(a.state === "resolved") - Number(b.state === "resolved") ||
    (a.state === "open"
      ? SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.startedAt.localeCompare(b.startedAt)
      : (b.resolvedAt ?? "").localeCompare(a.resolvedAt ?? ""))
  );
}

const OPEN_STREAMS = 3;

export function incidentPage(
  all: readonly IncidentRecord[],
  query: { state: "open" | "resolved" | "all"; limit: number; offset: number },
  acknowledged: (id: string) => boolean,
): IncidentPage {
  const counts: IncidentCounts = {
    open: 0,
    critical: 0,
    warning: 0,
    info: 0,
    unacknowledged: 0,
    resolved: 0,
  };
  const perStream = new Map<string, number>();
  for (const r of all) {
    if (r.state === "resolved") {
      counts.resolved++;
      continue;
    }
    counts.open++;
    counts[r.severity]++;
    if (!acknowledged(r.id)) counts.unacknowledged++;
    if (r.where.stream) perStream.set(r.where.stream, (perStream.get(r.where.stream) ?? 0) + 1);
  }
  const matching = all.filter((r) => query.state === "all" || r.state === query.state).sort(incidentOrder);
  const offset = Math.min(query.offset, matching.length);
  const end = offset + query.limit;
  return {
    records: matching.slice(offset, end),
    matched: matching.length,
    offset,
    nextCursor: end < matching.length ? String(end) : null,
    counts,
    openStreams: [...perStream]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, OPEN_STREAMS)
      .map(([stream, open]) => ({ stream, open })),
  };
}
