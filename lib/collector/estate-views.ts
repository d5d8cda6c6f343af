// Pure, bounded views of one poll's streams: the estate summary (totals, worst rows, capped findings) and
// filtered, sorted pages of stream and consumer rows. Rows are built and sorted once per poll, shared by every tab.
import type { Overview, ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import { SEVERITY_ORDER, type Finding } from "@/lib/dto/findings";
import { isOwnStream } from "@/lib/dto/switchyard-owned";
import {
  CONSUMERS_PER_OPEN_STREAM,
  SUMMARY_FINDINGS,
  WORST_ROWS,
  type ConsumerListQuery,
  type ConsumerRow,
  type ConsumerSort,
  type EstateSummary,
  type FindingsQuery,
  type Page,
  type StreamListQuery,
  type StreamRow,
  type StreamSort,
} from "@/lib/dto/estate";

const ROW_SUBJECTS = 3;

/** The stored time of a consumer's oldest unprocessed message, from its age at the poll. */
function oldestAt(c: ConsumerSummary, polledAt: number): number | null {
  const age = c.oldestUnprocessedAgeSeconds;
  return age === null ? null : Math.round(polledAt - age * 1000);
}

export function consumerRow(c: ConsumerSummary, polledAt: number): ConsumerRow {
  return {
    stream: c.stream,
    name: c.name,
    internal: c.internal,
    filterSubjects: c.filterSubjects.slice(0, ROW_SUBJECTS),
    pull: c.pull,
    paused: c.paused,
    numPending: c.numPending,
    numAckPending: c.numAckPending,
    numRedelivered: c.numRedelivered,
    numWaiting: c.numWaiting,
    backlog: c.backlog,
    oldestAt: oldestAt(c, polledAt),
    outRate: c.outRate,
    redeliveryRate: c.redeliveryRate,
  };
}

function streamRow(s: StreamSummary, polledAt: number): StreamRow {
  let pending = 0;
  let ackPending = 0;
  let redelivered = 0;
  let own = 0;
  let oldest: number | null = null;
  for (const c of s.consumers) {
    pending += c.numPending;
    ackPending += c.numAckPending;
    redelivered += c.numRedelivered;
    if (c.internal) own++;
    const at = oldestAt(c, polledAt);
    if (at !== null && (oldest === null || at < oldest)) oldest = at;
  }
  return {
    name: s.name,
    internal: isOwnStream(s.name),
    subjects: s.subjects.slice(0, ROW_SUBJECTS),
    subjectTotal: s.subjects.length,
    retention: s.retention,
    messages: s.messages,
    bytes: s.bytes,
    consumers: s.consumers.length - own,
    ownConsumers: own,
    pending,
    ackPending,
    redelivered,
    oldestAt: oldest,
    inRate: s.inRate,
  };
}

type Keyed<T> = { row: T; haystack: string };

/** One poll's rows, built once and sorted lazily per sort key. */
export type EstateIndex = {
  streams: Keyed<StreamRow>[];
  /** Application consumers of each stream, by name. */
  consumersOf: Map<string, ConsumerRow[]>;
  consumers: Keyed<ConsumerRow>[];
  sortedStreams: Map<StreamSort, Keyed<StreamRow>[]>;
  sortedConsumers: Map<ConsumerSort, Keyed<ConsumerRow>[]>;
};

const polledAtOf = (overview: Overview) =>
  overview.poll.polledAt ? Date.parse(overview.poll.polledAt) : Date.now();

const indexes = new WeakMap<StreamSummary[], EstateIndex>();

/** `polledAt` (ms) is the poll the streams come from; the index is cached per streams array, i.e. per poll. */
export function estateIndex(streams: StreamSummary[], polledAt: number): EstateIndex {
  let index = indexes.get(streams);
  if (index) return index;
  const consumersOf = new Map<string, ConsumerRow[]>();
  const consumers: Keyed<ConsumerRow>[] = [];
  const rows: Keyed<StreamRow>[] = [];
  for (const s of streams) {
    const row = streamRow(s, polledAt);
    const subjects = s.subjects.join(" ").toLowerCase();
    rows.push({ row, haystack: `${s.name.toLowerCase()} ${subjects}` });
    const app: ConsumerRow[] = [];
    for (const c of s.consumers) {
      if (c.internal) continue;
      const cr = consumerRow(c, polledAt);
      app.push(cr);
      consumers.push({
        row: cr,
        haystack: `${s.name.toLowerCase()} ${c.name.toLowerCase()} ${c.filterSubjects.join(" ").toLowerCase()}`,
      });
    }
    consumersOf.set(s.name, app);
  }
  index = { streams: rows, consumersOf, consumers, sortedStreams: new Map(), sortedConsumers: new Map() };
  indexes.set(streams, index);
  return index;
}

/** Descending by a figure (nulls last), ties by name: worst first. */
function byFigure<T extends { name: string; stream?: string }>(figure: (row: T) => number | null) {
  return (a: Keyed<T>, b: Keyed<T>) => {
    const x = figure(a.row);
    const y = figure(b.row);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return y - x;
    }
    return byName(a, b);
  };
}

function byName<T extends { name: string; stream?: string }>(a: Keyed<T>, b: Keyed<T>): number {
  const s = (a.row.stream ?? "").localeCompare(b.row.stream ?? "");
  return s !== 0 ? s : a.row.name.localeCompare(b.row.name);
}

const STREAM_ORDER: Record<StreamSort, (a: Keyed<StreamRow>, b: Keyed<StreamRow>) => number> = {
  name: byName,
  backlog: byFigure((r) => r.pending + r.ackPending),
  oldest: byFigure((r) => (r.oldestAt === null ? null : -r.oldestAt)),
  redelivered: byFigure((r) => r.redelivered),
  messages: byFigure((r) => r.messages),
  rate: byFigure((r) => r.inRate),
};

const CONSUMER_ORDER: Record<ConsumerSort, (a: Keyed<ConsumerRow>, b: Keyed<ConsumerRow>) => number> = {
  name: byName,
  backlog: byFigure((r) => r.backlog),
  oldest: byFigure((r) => (r.oldestAt === null ? null : -r.oldestAt)),
  redelivered: byFigure((r) => r.numRedelivered),
  rate: byFigure((r) => r.redeliveryRate),
};

function sorted<K, T>(cache: Map<K, T[]>, key: K, rows: T[], order: (a: T, b: T) => number): T[] {
  let list = cache.get(key);
  if (!list) {
    list = [...rows].sort(order);
    cache.set(key, list);
  }
  return list;
}

/** The page of `matching` at `cursor` (an offset, clamped to the list), with where it sits in the list. */
export function paged<T>(
  matching: T[],
  query: { cursor?: string; limit: number },
  total: number,
  polledAt: string | null,
): Page<T> {
  const offset = Math.min(Number(query.cursor ?? 0), Math.max(0, matching.length - 1));
  const next = offset + query.limit;
  return {
    items: matching.slice(offset, next),
    matched: matching.length,
    total,
    offset,
    limit: query.limit,
    nextCursor: next < matching.length ? String(next) : null,
    polledAt,
  };
}

function pageOf<T>(
  list: Keyed<T>[],
  query: { filter: string; cursor?: string; limit: number },
  total: number,
  polledAt: string | null,
): Page<T> {
  const needle = query.filter.toLowerCase();
  const matching = needle ? list.filter((k) => k.haystack.includes(needle)) : list;
  const page = paged(matching, query, total, polledAt);
  return { ...page, items: page.items.map((k) => k.row) };
}

/** A page of stream rows; opened streams (or every one, `*`) carry their worst consumers. */
export function streamPage(overview: Overview, query: StreamListQuery): Page<StreamRow> {
  const index = estateIndex(overview.streams, polledAtOf(overview));
  const list = sorted(index.sortedStreams, query.sort, index.streams, STREAM_ORDER[query.sort]);
  const page = pageOf(list, query, index.streams.length, overview.poll.polledAt);
  const all = query.open.includes("*");
  const open = new Set(query.open);
  const order = CONSUMER_ORDER[query.sort === "messages" || query.sort === "rate" ? "name" : query.sort];
  page.items = page.items.map((row) => {
    if (!all && !open.has(row.name)) return row;
    const rows = (index.consumersOf.get(row.name) ?? []).map((c) => ({ row: c, haystack: "" }));
    return {
      ...row,
      consumerRows: rows
        .sort(order)
        .slice(0, CONSUMERS_PER_OPEN_STREAM)
        .map((k) => k.row),
    };
  });
  return page;
}

/** A page of application consumer rows, of one stream or of the whole estate. */
export function consumerPage(overview: Overview, query: ConsumerListQuery): Page<ConsumerRow> {
  const index = estateIndex(overview.streams, polledAtOf(overview));
  if (query.stream) {
    const rows = (index.consumersOf.get(query.stream) ?? []).map((row) => ({
      row,
      haystack: `${row.name.toLowerCase()} ${row.filterSubjects.join(" ").toLowerCase()}`,
    }));
    return pageOf(rows.sort(CONSUMER_ORDER[query.sort]), query, rows.length, overview.poll.polledAt);
  }
  const list = sorted(index.sortedConsumers, query.sort, index.consumers, CONSUMER_ORDER[query.sort]);
  return pageOf(list, query, index.consumers.length, overview.poll.polledAt);
}

function worst<T>(list: Keyed<T>[], figure: (row: T) => number | null): T[] {
  const out: T[] = [];
  for (const k of list) {
    if (out.length >= WORST_ROWS) break;
    const value = figure(k.row);
    if (value !== null && value > 0) out.push(k.row);
  }
  return out;
}

const summaries = new WeakMap<Overview, EstateSummary>();

function worstFindingsFirst(overview: Overview): Finding[] {
  return [...overview.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** A page of every finding, worst first (the summary carries the first few). */
export function findingsPage(overview: Overview, query: FindingsQuery): Page<Finding> {
  const findings = worstFindingsFirst(overview);
  return paged(findings, query, findings.length, overview.poll.polledAt);
}

/** Totals, the worst streams and consumers, and the worst findings: the same size at 9 streams or 10,000. */
export function estateSummary(overview: Overview): EstateSummary {
  const cached = summaries.get(overview);
  if (cached) return cached;
  const index = estateIndex(overview.streams, polledAtOf(overview));
  let messages = 0;
  let bytes = 0;
  let backlog = 0;
  let inRate: number | null = null;
  for (const { row } of index.streams) {
    messages += row.messages;
    bytes += row.bytes;
    backlog += row.pending + row.ackPending;
    if (row.inRate !== null) inRate = (inRate ?? 0) + row.inRate;
  }
  const consumers = overview.streams.reduce((n, s) => n + s.consumerCount, 0);
  const findings = worstFindingsFirst(overview);
  const summary: EstateSummary = {
    environment: overview.environment,
    connection: overview.connection,
    poll: overview.poll,
    totals: {
      streams: index.streams.length,
      consumers,
      appConsumers: index.consumers.length,
      messages,
      bytes,
      backlog,
      inRate,
    },
    findings: findings.slice(0, SUMMARY_FINDINGS),
    findingCounts: {
      total: findings.length,
      critical: findings.filter((f) => f.severity === "critical").length,
      warning: findings.filter((f) => f.severity === "warning").length,
      info: findings.filter((f) => f.severity === "info").length,
    },
    worst: {
      streams: worst(
        sorted(index.sortedStreams, "backlog", index.streams, STREAM_ORDER.backlog).filter(
          (k) => !k.row.internal,
        ),
        (r) => r.pending + r.ackPending,
      ),
      backlog: worst(
        sorted(index.sortedConsumers, "backlog", index.consumers, CONSUMER_ORDER.backlog),
        (r) => r.backlog,
      ),
      oldest: worst(sorted(index.sortedConsumers, "oldest", index.consumers, CONSUMER_ORDER.oldest), (r) =>
        r.oldestAt === null ? null : 1,
      ),
      redelivery: worst(
        sorted(index.sortedConsumers, "redelivered", index.consumers, CONSUMER_ORDER.redelivered),
        (r) => r.numRedelivered,
      ),
    },
  };
  summaries.set(overview, summary);
  return summary;
}
