// Pure: the incidents in the order lists show them, counted, with the streams most affected (built once per change of
// the store), and one page of those in a state. A storm across thousands of consumers is thousands of incidents: a
// list answers a page of them, and its header says how many there are and where; 200 tabs asking after every poll
// must not sort them 200 times.
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

/** Plain string order (ISO times, names): `localeCompare` costs many times more per comparison, per tab, per poll. */
const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Open first, worst first, then the longest open; then resolved, the latest first. */
export function incidentOrder(a: IncidentRecord, b: IncidentRecord): number {
  return (
    Number(a.state === "resolved") - Number(b.state === "resolved") ||
    (a.state === "open"
      ? SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || ascending(a.startedAt, b.startedAt)
      : ascending(b.resolvedAt ?? "", a.resolvedAt ?? ""))
  );
}

const OPEN_STREAMS = 3;

/** Every incident in list order, counted: built once per change of the store, then paged by every request. */
export type IncidentIndex = {
  ordered: IncidentRecord[];
  counts: IncidentCounts;
  openStreams: { stream: string; open: number }[];
};

export function indexIncidents(
  all: readonly IncidentRecord[],
  acknowledged: (id: string) => boolean,
): IncidentIndex {
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
  return {
    ordered: [...all].sort(incidentOrder),
    counts,
    openStreams: [...perStream]
      .sort((a, b) => b[1] - a[1] || ascending(a[0], b[0]))
      .slice(0, OPEN_STREAMS)
      .map(([stream, open]) => ({ stream, open })),
  };
}

/** One page of the incidents in a state: open ones come first in the index, so a state is a slice of it. */
export function incidentPage(
  index: IncidentIndex,
  query: { state: "open" | "resolved" | "all"; limit: number; offset: number },
): IncidentPage {
  const { ordered, counts, openStreams } = index;
  const [from, to] =
    query.state === "open"
      ? [0, counts.open]
      : query.state === "resolved"
        ? [counts.open, ordered.length]
        : [0, ordered.length];
  const matched = to - from;
  const offset = Math.min(query.offset, matched);
  const end = Math.min(matched, offset + query.limit);
  return {
    records: ordered.slice(from + offset, from + end),
    matched,
    offset,
    nextCursor: end < matched ? String(end) : null,
    counts,
    openStreams,
  };
}
