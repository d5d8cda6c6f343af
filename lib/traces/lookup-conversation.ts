// Finds everything about one conversation: subject-keyed reads, index entries (+ their payloads while
// stored), advisories; then assembles.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import type { SearchedSource, Timeline, TraceMessage, TracePayload } from "@/lib/dto/traces";
import { discloseHeaders, discloseMessage, discloseText } from "@/lib/masking/for-actor";
import type { OriginHeaderNames } from "@/lib/dlq/entries";
import type { AdvisoryRef } from "./advisory-index";
import { assembleTimeline } from "./assemble-timeline";
import { decodePayload } from "./decode-payload";
import { extractKey, findRule } from "@/lib/keys/extract-key";
import { unpackHeaders } from "./header-index";
import { isSubjectKeyed } from "@/lib/keys/key-rules";
import { getStoredMessage } from "./msg-get";
import { isoFromMs } from "@/lib/core/precise-time";
import { lookupBySubject, type SubjectRead } from "./subject-lookup";
import { SUBJECT_FEED_VIA } from "./subject-feed";
import { scanStored, STORED_SCAN_LIMIT } from "./stored-scan";
import type { TraceIndexer } from "./trace-indexer";

export type LookupDeps = {
  nc: NatsConnection;
  prefix: string;
  indexer: Pick<
    TraceIndexer,
    "index" | "advisories" | "settings" | "status" | "subjectStreams" | "planFor" | "untappedWorkQueues"
  > &
    Partial<Pick<TraceIndexer, "refreshStreams">>;
  /** Origin header names of a dead-letter stream (the environment's `deadLetterHeaders`); X-Dlq-* when not given. */
  originHeaders?: (dlqStream: string) => OriginHeaderNames;
  /** First stored time of a stream, for "searched back to …" (from the collector's poll); optional. */
  streamSince?: (stream: string) => string | null;
};

/** Where a lookup's time went (the bench prints it). Subject reads and payload gets run at the same time. */
export type LookupTimings = {
  subjectReads: (Pick<SubjectRead, "stream" | "requests" | "ms"> & { plan: string })[];
  /** Index entries of the conversation (requests, dead letters, other header-keyed messages). */
  indexEntries: number;
  indexMs: number;
  payloadGets: number;
  payloadsMs: number;
  advisories: number;
  advisoriesMs: number;
  assembleMs: number;
  totalMs: number;
};

function describePlan(plan: SubjectRead["plan"]): string {
  if (!plan) return "no message";
  const known = plan.known.length ? `${plan.known.length} by sequence` : "";
  const scan = plan.from === null ? "" : `next_by_subj from #${plan.from}`;
  return [known, scan].filter(Boolean).join(" + ") + (plan.exact ? "" : " (no feed)");
}

type Options = {
  payloads?: boolean;
  now?: number;
  counter?: ApiCounter;
  timings?: (timings: LookupTimings) => void;
};

/** A payload as shown: masked before it is decoded and cut (the one masking point, docs/architecture.md §12). */
function shownPayload(data: Uint8Array | null): TracePayload {
  if (data === null) return decodePayload(null);
  const shown = discloseMessage({ data });
  if (shown.data === null)
    return {
      kind: "binary",
      text: `binary payload withheld (${data.length} bytes): masking cannot look inside it; an operator can reveal it`,
      truncated: false,
    };
  return decodePayload(shown.data);
}

/** Headers and marker labels (reasons an application wrote) leave masked; assembly above used the originals. */
function masked(timeline: Timeline): Timeline {
  return {
    ...timeline,
    marks: timeline.marks.map((mark) => ({ ...mark, headers: discloseHeaders(mark.headers) })),
    markers: timeline.markers.map((marker) => ({ ...marker, label: discloseText(marker.label) ?? "" })),
  };
}

/**
 * `payloads: false` skips reading index entries' payloads and the stored messages of untapped work queues (the
 * list view needs headers only). Payloads, headers and reasons come back masked: a trace is never a reveal (reveal
 * one message by its stream and sequence). A lookup that finds nothing reads the stream list again once (the
 * conversation may live in a stream created since the last discovery) and looks again.
 */
export async function lookupConversation(
  deps: LookupDeps,
  id: string,
  options: Options = {},
): Promise<Timeline> {
  const first = await lookupOnce(deps, id, options);
  if (first.marks.length > 0 || !deps.indexer.refreshStreams || options.payloads === false) return first;
  await deps.indexer.refreshStreams();
  return lookupOnce(deps, id, options);
}

async function lookupOnce(deps: LookupDeps, id: string, options: Options): Promise<Timeline> {
  const began = performance.now();
  const { nc, prefix, indexer } = deps;
  const settings = indexer.settings;
  const counter = options.counter ?? { requests: 0 };
  const messages: TraceMessage[] = [];
  const searched: SearchedSource[] = [];
  const sources = {
    streamsFor: (rule: Parameters<typeof indexer.subjectStreams>[0]) => indexer.subjectStreams(rule),
    planFor: indexer.planFor.bind(indexer),
  };

  // Subject-keyed reads and the payloads of index entries do not depend on each other: both go out at once.
  const subjectReads = Promise.all(
    settings.keyRules
      .filter(isSubjectKeyed)
      .map(async (rule) => ({ rule, reads: await lookupBySubject(nc, prefix, rule, id, counter, sources) })),
  );
  const indexStarted = performance.now();
  const entries = indexer.index.get(id);
  const indexMs = performance.now() - indexStarted;
  const payloadsStarted = performance.now();
  const storedPayloads = Promise.all(
    entries.map((entry) =>
      options.payloads === false
        ? Promise.resolve(null)
        : getStoredMessage(nc, prefix, entry.stream, { seq: entry.seq }, counter).catch(() => null),
    ),
  ).then((stored) => ({ stored, ms: performance.now() - payloadsStarted }));
  // Work queues without the tap: what is still stored, by gets (consumed messages are gone).
  const storedScans = Promise.all(
    options.payloads === false
      ? []
      : indexer.untappedWorkQueues().map(async (untapped) => ({
          untapped,
          read: await scanStored(nc, prefix, untapped, id, counter).catch(() => null),
        })),
  );
  const [reads, payloads, scans] = await Promise.all([subjectReads, storedPayloads, storedScans]);
  for (const { untapped, read } of scans) {
    searched.push({
      stream: untapped.stream,
      how: "stored messages",
      filter: untapped.rule.subjects,
      since: deps.streamSince?.(untapped.stream) ?? null,
      note: read
        ? `no trace tap: consumed messages cannot be shown${read.truncated ? `; cut at ${STORED_SCAN_LIMIT} messages` : ""}`
        : "could not be read",
    });
    for (const m of read?.messages ?? [])
      messages.push({
        stream: m.stream,
        seq: m.seq,
        subject: m.subject,
        time: m.time,
        size: m.data.length,
        role: untapped.rule.role ?? "other",
        headers: m.headers,
        payload: shownPayload(m.data),
        source: "stream",
      });
  }

  for (const { rule, reads: perStream } of reads) {
    for (const read of perStream) {
      searched.push({
        stream: read.stream,
        how: "subject",
        filter: read.filter,
        since: deps.streamSince?.(read.stream) ?? null,
        note: read.truncated ? "cut at 2000 messages" : undefined,
      });
      for (const m of read.messages) {
        const role = extractKey(
          findRule(settings.keyRules, m.stream, m.subject) ?? rule,
          { subject: m.subject, headers: m.headers, payload: m.data },
          settings.requestIdHeaders,
        ).role;
        messages.push({
          stream: m.stream,
          seq: m.seq,
          subject: m.subject,
          time: m.time,
          size: m.data.length,
          role,
          headers: m.headers,
          payload: shownPayload(m.data),
          source: "stream",
        });
      }
    }
  }

  const status = indexer.status();
  for (const source of status.sources) {
    if (source.via === "advisories" || source.via === SUBJECT_FEED_VIA) continue;
    if (scans.some((s) => s.untapped.stream === source.stream) && source.state === "unavailable") continue;
    searched.push({
      stream: source.stream,
      how: source.via.includes("dead letters") ? "dead-letter index" : "index",
      filter: source.via,
      since: status.oldest,
      note: source.note,
    });
  }
  const advisoriesStarted = performance.now();
  const advisories: AdvisoryRef[] = [];
  entries.forEach((entry, i) => {
    const live = payloads.stored[i];
    const same = live && live.subject === entry.subject;
    messages.push({
      stream: entry.stream,
      seq: entry.seq,
      subject: entry.subject,
      time: isoFromMs(entry.time),
      size: entry.size,
      role: entry.role,
      headers: same ? live.headers : unpackHeaders(entry.headers),
      payload: shownPayload(same ? live.data : null),
      source: same ? "stream" : "index",
    });
    advisories.push(...indexer.advisories.get(entry.stream, entry.seq));
  });
  const advisoriesMs = performance.now() - advisoriesStarted;

  const assembleStarted = performance.now();
  const timeline = assembleTimeline({
    conversationId: id,
    messages,
    advisories,
    requestIdHeaders: settings.requestIdHeaders,
    traceLinkTemplate: settings.traceLinkTemplate,
    originHeaders: deps.originHeaders,
    keyRules: settings.keyRules,
    searched,
    now: options.now ?? Date.now(),
  });
  const assembleMs = performance.now() - assembleStarted;
  options.timings?.({
    subjectReads: reads.flatMap((r) =>
      r.reads.map(({ stream, requests, ms, plan }) => ({ stream, requests, ms, plan: describePlan(plan) })),
    ),
    indexEntries: entries.length,
    indexMs,
    payloadGets: options.payloads === false ? 0 : entries.length,
    payloadsMs: payloads.ms,
    advisories: advisories.length,
    advisoriesMs,
    assembleMs,
    totalMs: performance.now() - began,
  });
  return masked(timeline);
}
