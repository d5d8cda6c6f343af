// Bounded views of an environment's estate (browser-safe): the summary every page gets, pages of stream and
// consumer rows, and the zod schemas of their list queries. Sizes never grow with the number of streams.
import { z } from "zod";
import type { ConnectionStatus } from "./connection";
import type { Finding } from "./findings";
import type { PollStats } from "./overview";
import { subjectFilter } from "@/lib/core/subjects";
import { pageCursor as cursor, streamName } from "./params";

/** Largest page a list endpoint answers; the default is what the tables show. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;
/**
 * Findings carried by the summary, worst first; the counts say how many there are in all. Their figures (ages) move
 * every poll, so this bounds what a tab receives per poll; the rest are a click away (GET …/findings).
 */
export const SUMMARY_FINDINGS = 10;
/** Rows in each "worst" list of the summary. */
export const WORST_ROWS = 5;
/** Streams whose consumers one view may open, and consumers shown under an open stream. */
export const MAX_OPEN = 20;
export const CONSUMERS_PER_OPEN_STREAM = 25;
/** At or below this many application consumers the overview shows every stream open. */
export const OPEN_ALL_UP_TO = 60;

export const STREAM_SORTS = ["name", "backlog", "oldest", "redelivered", "messages", "rate"] as const;
export const CONSUMER_SORTS = ["name", "backlog", "oldest", "redelivered", "rate"] as const;
export type StreamSort = (typeof STREAM_SORTS)[number];
export type ConsumerSort = (typeof CONSUMER_SORTS)[number];

/** The cursor of page `page` (from 1) of `size` rows: none for the first. */
export function cursorOf(page: number, size: number): string | undefined {
  return page > 1 ? String((page - 1) * size) : undefined;
}

/** `limit` and `cursor` of any paged answer. */
const pageFields = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor,
};

const listFields = {
  ...pageFields,
  /** Case-insensitive substring of the stream name or one of its subjects (consumers: also the consumer name). */
  filter: z.string().trim().max(200, "filter is at most 200 characters").default(""),
};

/** `open`: comma-separated streams whose consumers each row should carry (`*` for all on the page). */
const openList = z
  .string()
  .max(MAX_OPEN * 256)
  .optional()
  .transform((value) => (value ? value.split(",").filter(Boolean) : []))
  .pipe(
    z.array(z.union([z.literal("*"), streamName])).max(MAX_OPEN, `open lists at most ${MAX_OPEN} streams`),
  );

export const streamListQuery = z.object({
  ...listFields,
  sort: z.enum(STREAM_SORTS, { message: `sort must be one of ${STREAM_SORTS.join(", ")}` }).default("name"),
  open: openList,
});
export type StreamListQuery = z.infer<typeof streamListQuery>;

export const consumerListQuery = z.object({
  ...listFields,
  sort: z
    .enum(CONSUMER_SORTS, { message: `sort must be one of ${CONSUMER_SORTS.join(", ")}` })
    .default("backlog"),
  stream: streamName.optional(),
});
export type ConsumerListQuery = z.infer<typeof consumerListQuery>;

/** `GET …/findings`: a page of every finding, worst first. */
export const findingsQuery = z.object(pageFields);
export type FindingsQuery = z.infer<typeof findingsQuery>;

/** `GET …/streams/{stream}/subjects`: a page of the matching subjects, deepest first. */
export const subjectsQuery = z.object({ filter: subjectFilter.default(">"), ...pageFields });
export type SubjectsQuery = z.infer<typeof subjectsQuery>;

/** One consumer as a table row: the figures the overview and stream page show, nothing of its config. */
export type ConsumerRow = {
  stream: string;
  name: string;
  internal: boolean;
  filterSubjects: string[];
  pull: boolean;
  paused: boolean;
  numPending: number;
  numAckPending: number;
  numRedelivered: number;
  numWaiting: number;
  backlog: number;
  /**
   * When the oldest unprocessed message was stored (ms since epoch); the browser shows its age. A time rather than
   * an age so a waiting message does not change the row after every poll (the event stream sends changes only).
   */
  oldestAt: number | null;
  outRate: number | null;
  redeliveryRate: number | null;
};

/** One stream as a table row, with its consumers' figures added up; `consumerRows` only when opened. */
export type StreamRow = {
  name: string;
  internal: boolean;
  /** The first few subjects; `subjectTotal` says how many the stream has. */
  subjects: string[];
  subjectTotal: number;
  retention: string;
  messages: number;
  bytes: number;
  /** The application's consumers (Switchyard's own readers are `ownConsumers`). */
  consumers: number;
  ownConsumers: number;
  pending: number;
  ackPending: number;
  redelivered: number;
  /** The oldest `oldestAt` of its consumers. */
  oldestAt: number | null;
  inRate: number | null;
  consumerRows?: ConsumerRow[];
};

export type Page<T> = {
  items: T[];
  /** Rows matching the filter. */
  matched: number;
  /** Rows in the estate before filtering. */
  total: number;
  offset: number;
  limit: number;
  nextCursor: string | null;
  polledAt: string | null;
};

export type EstateTotals = {
  streams: number;
  consumers: number;
  /** Consumers of the application, not Switchyard's own readers. */
  appConsumers: number;
  messages: number;
  bytes: number;
  backlog: number;
  inRate: number | null;
};

/** What every page of an environment gets, live: bounded whatever the estate. */
export type EstateSummary = {
  environment: string;
  connection: ConnectionStatus;
  poll: PollStats;
  totals: EstateTotals;
  /** The worst SUMMARY_FINDINGS findings; `findingCounts` has them all. */
  findings: Finding[];
  findingCounts: { total: number; critical: number; warning: number; info: number };
  worst: {
    streams: StreamRow[];
    backlog: ConsumerRow[];
    oldest: ConsumerRow[];
    redelivery: ConsumerRow[];
  };
};

/** A table's state in its page URL (`?q=&sort=&page=`): anything invalid falls back to the default. */
export type TableState = { filter: string; sort: StreamSort; page: number };

type SearchLike = { get(key: string): string | null };

export function tableState(search: SearchLike): TableState {
  const sort = STREAM_SORTS.find((s) => s === search.get("sort")) ?? "name";
  const page = Number(search.get("page") ?? "1");
  return {
    filter: (search.get("q") ?? "").trim().slice(0, 200),
    sort,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The page URL's query for a table state (defaults left out, so the plain URL is the default view). */
export function tableSearch(state: TableState): string {
  const search = new URLSearchParams();
  if (state.filter) search.set("q", state.filter);
  if (state.sort !== "name") search.set("sort", state.sort);
  if (state.page > 1) search.set("page", String(state.page));
  const text = search.toString();
  return text ? `?${text}` : "";
}
