// Zod schemas for path parameters shared by API routes and pages.
import { z } from "zod";
import { RANGES, type RangeName } from "./series";
import { CONSUMER_METRICS, STREAM_METRICS } from "@/lib/core/series-keys";
import { incidentIdSchema, silenceIdSchema } from "./incidents";

/** An offset into a sorted, filtered list, as the opaque string the API hands back (`nextCursor`). */
export const pageCursor = z
  .string()
  .regex(/^\d{1,7}$/, "cursor must be a value from a previous answer's nextCursor")
  .optional();

export const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be an environment name (lowercase letters, digits, - or _)");

/** JetStream stream names: no whitespace, '.', '*', '>' or path separators (nats-server's rule). */
export const streamName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s.*>/\\]+$/, "must be a stream name (no spaces, '.', '*', '>', '/' or '\\')");

export const envParams = z.object({ env: environmentName });
export const streamParams = envParams.extend({ stream: streamName });

/** Consumer names: like stream names (nats-server refuses '.', '*', '>', whitespace and path separators). */
export const consumerName = streamName;
export const consumerParams = streamParams.extend({ consumer: consumerName });

export const rangeName = z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]], {
  message: `range must be one of ${Object.keys(RANGES).join(", ")}`,
});

export const streamSeriesQuery = z.object({
  metric: z.enum(STREAM_METRICS, { message: `metric must be one of ${STREAM_METRICS.join(", ")}` }),
  range: rangeName.default("1h"),
});

export const consumerSeriesQuery = z.object({
  metric: z.enum(CONSUMER_METRICS, { message: `metric must be one of ${CONSUMER_METRICS.join(", ")}` }),
  range: rangeName.default("1h"),
});

/** Parses `?range=` for pages: anything unknown falls back to the default rather than failing the page. */
export function pageRange(value: string | string[] | undefined): RangeName {
  const parsed = rangeName.safeParse(value);
  return parsed.success ? parsed.data : "1h";
}

export const incidentParams = envParams.extend({ id: incidentIdSchema });
export const silenceParams = envParams.extend({ id: silenceIdSchema });

/** Comma-separated names, at most `max` of them, each checked by `item`. */
function nameList(item: z.ZodType<string, string>, max: number, what: string) {
  return z
    .string()
    .max(max * 512)
    .optional()
    .transform((value) => (value ? value.split(",").filter(Boolean) : []))
    .pipe(z.array(item).max(max, `${what} lists at most ${max} names`));
}

/** The rows a table shows (its sparklines, its incident marks): streams by name, consumers as `stream/consumer`. */
export const shownRowsQuery = z.object({
  streams: nameList(streamName, 100, "streams"),
  consumers: nameList(
    z.string().regex(/^[^\s.*>/\\]+\/[^\s.*>/\\]+$/, "consumers are stream/consumer pairs"),
    200,
    "consumers",
  ),
});
export type ShownRows = z.infer<typeof shownRowsQuery>;

/** Incidents a list answer holds at most, and what the incidents page shows at once. */
export const MAX_INCIDENT_PAGE = 200;
export const INCIDENT_PAGE = 50;

/**
 * Incidents: a page of those in a state (open first, worst first; then resolved, newest first), with counts of all;
 * or, given the rows a table shows, the worst open incident about each of them (a stream's: any that names it; a
 * consumer's: its own).
 */
export const incidentListQuery = shownRowsQuery.extend({
  state: z.enum(["open", "resolved", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(MAX_INCIDENT_PAGE).default(MAX_INCIDENT_PAGE),
  cursor: pageCursor,
});
export type IncidentListQuery = z.infer<typeof incidentListQuery>;
