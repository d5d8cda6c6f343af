// What one tab's event stream carries besides the summary: the rows of the view it shows (browser-safe).
import { z } from "zod";
import type { Finding } from "./findings";
import type { ConsumerSummary, StreamSummary } from "./overview";
import type { Page, StreamRow } from "./estate";
import { streamListQuery } from "./estate";
import { consumerName, streamName } from "./params";

export const LIVE_VIEWS = ["summary", "streams", "stream", "consumer"] as const;

/**
 * `?view=` with that view's parameters: `streams` takes the stream list's (limit, cursor, sort, filter, open);
 * `stream` pages the stream's consumers with limit/cursor/filter; `consumer` names one consumer.
 */
export const liveViewQuery = streamListQuery
  .extend({
    view: z.enum(LIVE_VIEWS, { message: `view must be one of ${LIVE_VIEWS.join(", ")}` }).default("summary"),
    stream: streamName.optional(),
    consumer: consumerName.optional(),
  })
  .refine((q) => (q.view !== "stream" && q.view !== "consumer") || q.stream, {
    message: "stream is required for this view",
    path: ["stream"],
  })
  .refine((q) => q.view !== "consumer" || q.consumer, {
    message: "consumer is required for this view",
    path: ["consumer"],
  });
export type LiveViewQuery = z.infer<typeof liveViewQuery>;
/** What a component asks for: the query before defaults. */
export type LiveViewRequest = z.input<typeof liveViewQuery>;

/** Findings of one stream or consumer that a view carries, worst first. */
export const VIEW_FINDINGS = 20;

export type StreamView = {
  /** Null when the stream was not in the last poll. `consumers` holds only the current page. */
  stream: StreamSummary | null;
  consumers: Omit<Page<ConsumerSummary>, "items">;
  findings: Finding[];
};

export type ConsumerView = { consumer: ConsumerSummary | null; findings: Finding[] };

export type LiveViewData = Page<StreamRow> | StreamView | ConsumerView | null;
