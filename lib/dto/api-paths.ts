// Every URL of Switchyard's API, built one way (browser-safe, pure): each path segment encoded, queries from
// URLSearchParams.
import type { z } from "zod";
import type { JobAction } from "./dead-letter-params";
import { filterToSearch } from "./dead-letter-query";
import type { DeadLetterFilter } from "./dead-letters";
import type { consumerListQuery, findingsQuery, streamListQuery, subjectsQuery } from "./estate";
import type { LiveViewRequest } from "./live-view";
import type { consumerSeriesQuery, ShownRows, streamSeriesQuery } from "./params";
import type { ConversationListQuery } from "./traces";
import type { toolListQuery, toolSeriesQuery } from "./tools";

declare const apiPathBrand: unique symbol;
/** A URL of the API. Only `apiPaths` makes one, so the fetch helper cannot be handed a URL built by hand. */
export type ApiPath = string & { readonly [apiPathBrand]: true };

type Segment = string | number;
type Query = Record<string, string | number | undefined>;

/** `/api` + the template, with every interpolated value encoded as one path segment. */
function api(parts: TemplateStringsArray, ...segments: Segment[]): ApiPath {
  return ("/api" +
    parts.reduce((url, part, i) => url + encodeURIComponent(segments[i - 1]!) + part)) as ApiPath;
}

/** Appends a query string; undefined values are left out, and so is the `?` when nothing is left. */
function withQuery(path: ApiPath, query: Query): ApiPath {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return (text ? `${path}?${text}` : path) as ApiPath;
}

/** A table's shown rows as comma-separated query values (absent when empty). */
function rowsQuery(rows: Partial<ShownRows>): Query {
  return {
    streams: rows.streams?.join(",") || undefined,
    consumers: rows.consumers?.join(",") || undefined,
  };
}

/** Dead-letter queries share the browse page's own filter ⇄ URL rule, so a deep link and its API call agree. */
function withFilter(
  path: ApiPath,
  filter: DeadLetterFilter,
  extra: Record<string, string | undefined>,
): ApiPath {
  return `${path}${filterToSearch(filter, extra)}` as ApiPath;
}

/** List queries in the URL: defaults left out, `open` joined with commas. */
function listQuery(query: Record<string, unknown>): Query {
  const out: Query = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) out[key] = value.join(",");
    } else out[key] = String(value);
  }
  return out;
}

type DeadLetterPageQuery = { dlq?: string; cursor?: string; limit?: number };

/** One function per route under app/api, named after what it returns or does. */
export const apiPaths = {
  health: () => api`/health`,
  login: () => api`/auth/login`,
  logout: () => api`/auth/logout`,
  session: () => api`/auth/session`,

  /** The estate summary: totals, findings, the worst streams and consumers. */
  overview: (env: string) => api`/env/${env}/overview`,
  findings: (env: string, query: z.input<typeof findingsQuery> = {}) =>
    withQuery(api`/env/${env}/findings`, listQuery(query)),
  sparklines: (env: string, rows: Partial<ShownRows>) =>
    withQuery(api`/env/${env}/sparklines`, rowsQuery(rows)),
  /** Server-Sent Events sized to one view: `summary`, and `view` with the view's rows; changes only. */
  events: (env: string, view: LiveViewRequest | null = null) =>
    withQuery(api`/env/${env}/events`, view ? listQuery(view) : {}),
  /** The `view` event's data for the same request, at once (no event stream). */
  view: (env: string, view: LiveViewRequest) => withQuery(api`/env/${env}/view`, listQuery(view)),
  streams: (env: string, query: z.input<typeof streamListQuery> = {}) =>
    withQuery(api`/env/${env}/streams`, listQuery(query)),
  consumers: (env: string, query: z.input<typeof consumerListQuery> = {}) =>
    withQuery(api`/env/${env}/consumers`, listQuery(query)),

  stream: (env: string, stream: string) => api`/env/${env}/streams/${stream}`,
  streamSeries: (env: string, stream: string, query: z.input<typeof streamSeriesQuery>) =>
    withQuery(api`/env/${env}/streams/${stream}/series`, query),
  streamSubjects: (env: string, stream: string, query: z.input<typeof subjectsQuery>) =>
    withQuery(api`/env/${env}/streams/${stream}/subjects`, listQuery(query)),
  consumer: (env: string, stream: string, consumer: string) =>
    api`/env/${env}/streams/${stream}/consumers/${consumer}`,
  consumerSeries: (
    env: string,
    stream: string,
    consumer: string,
    query: z.input<typeof consumerSeriesQuery>,
  ) => withQuery(api`/env/${env}/streams/${stream}/consumers/${consumer}/series`, query),
  /** `seq` may be what a user typed: the route validates it. */
  message: (env: string, stream: string, seq: Segment) => api`/env/${env}/streams/${stream}/messages/${seq}`,
  messageReveal: (env: string, stream: string, seq: Segment) =>
    api`/env/${env}/streams/${stream}/messages/${seq}/reveal`,

  tools: (env: string, query: z.input<typeof toolListQuery> = {}) => withQuery(api`/env/${env}/tools`, query),
  tool: (env: string, tool: string) => api`/env/${env}/tools/${tool}`,
  toolSeries: (env: string, tool: string, query: z.input<typeof toolSeriesQuery>) =>
    withQuery(api`/env/${env}/tools/${tool}/series`, query),

  conversations: (env: string, query: ConversationListQuery = {}) =>
    withQuery(api`/env/${env}/conversations`, query),
  /** `download` answers with an attachment instead of JSON. */
  conversation: (env: string, id: string, { download = false }: { download?: boolean } = {}) =>
    withQuery(api`/env/${env}/conversations/${id}`, { download: download ? "1" : undefined }),

  deadLetters: (
    env: string,
    filter: DeadLetterFilter = {},
    { dlq, cursor, limit }: DeadLetterPageQuery = {},
  ) => withFilter(api`/env/${env}/dead-letters`, filter, { dlq, cursor, limit: limit?.toString() }),
  deadLetterSummary: (env: string, filter: DeadLetterFilter = {}, { dlq }: { dlq?: string } = {}) =>
    withFilter(api`/env/${env}/dead-letters/summary`, filter, { dlq }),
  /** NDJSON download of every entry the filter matches. */
  deadLetterExport: (env: string, filter: DeadLetterFilter = {}, { dlq }: { dlq?: string } = {}) =>
    withFilter(api`/env/${env}/dead-letters/export`, filter, { dlq }),
  deadLetterStreams: (env: string) => api`/env/${env}/dead-letters/streams`,
  deadLetterDiscard: (env: string) => api`/env/${env}/dead-letters/discard`,
  deadLetterEntry: (env: string, dlq: string, seq: number) => api`/env/${env}/dead-letters/${dlq}/${seq}`,
  /** The whole payload as a download: GET masked, POST the original (operators; an audited reveal). */
  deadLetterPayload: (env: string, dlq: string, seq: number) =>
    api`/env/${env}/dead-letters/${dlq}/${seq}/payload`,
  /** POST: the unmasked entry (operators; an audited reveal). */
  deadLetterReveal: (env: string, dlq: string, seq: number) =>
    api`/env/${env}/dead-letters/${dlq}/${seq}/reveal`,
  /** Edit one entry and redrive it. */
  deadLetterRedrive: (env: string, dlq: string, seq: number) =>
    api`/env/${env}/dead-letters/${dlq}/${seq}/redrive`,

  /** GET lists recent jobs; POST dry-runs or starts one. */
  redrive: (env: string) => api`/env/${env}/redrive`,
  redriveJob: (env: string, id: string) => api`/env/${env}/redrive/${id}`,
  redriveJobAction: (env: string, id: string, action: JobAction) => api`/env/${env}/redrive/${id}/${action}`,
  redriveJobInDoubt: (env: string, id: string) => api`/env/${env}/redrive/${id}/in-doubt`,

  audit: (env: string, query: { before?: number; limit?: number } = {}) =>
    withQuery(api`/env/${env}/audit`, query),

  incidents: (
    env: string,
    query: { state?: "open" | "resolved" | "all"; limit?: number; cursor?: string } & Partial<ShownRows> = {},
  ) =>
    withQuery(api`/env/${env}/incidents`, {
      state: query.state,
      limit: query.limit,
      cursor: query.cursor,
      ...rowsQuery(query),
    }),
  incident: (env: string, id: string) => api`/env/${env}/incidents/${id}`,
  incidentAcknowledge: (env: string, id: string) => api`/env/${env}/incidents/${id}/acknowledge`,
  /** GET lists active silences; POST creates one. */
  silences: (env: string) => api`/env/${env}/silences`,
  silenceExpire: (env: string, id: string) => api`/env/${env}/silences/${id}/expire`,
  /** Notification channels (URLs masked) and their delivery log. */
  notifications: (env: string) => api`/env/${env}/notifications`,
};
