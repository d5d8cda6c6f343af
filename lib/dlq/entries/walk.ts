// Walks a DLQ stream newest first, window by window, applying a filter: what browse, summary, export and
// selections read.
import "server-only";
import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import type { DeadLetterEntry, DeadLetterFilter } from "@/lib/dto/dead-letters";
import { needsPayload as ruleNeedsPayload } from "@/lib/keys/key-rules";
import { toAppError } from "@/lib/nats/errors";
import { readRange } from "@/lib/nats/stream-reader";
import { OWN_DLQ_STREAM, ownEntryFilter } from "./dlq-stream";
import { toEntry } from "./entry";
import { entryMatches, needsPayload, needsScan } from "./entry-filter";
import { originHeadersFor } from "./origin-headers";
import type { Source } from "./source";

/**
 * A page that scans (text, conversation, time or header filters) stops after this many messages and offers to
 * continue.
 */
export const SCAN_CAP = 50_000;

export async function dlqStreamInfo(jsm: JetStreamManager, dlq: string): Promise<StreamInfo> {
  try {
    return await jsm.streams.info(dlq);
  } catch (error) {
    throw toAppError(error, { stream: dlq });
  }
}

/** The subject filter this DLQ stream can apply server-side (Switchyard's own subject scheme), if any. */
export function serverFilter(dlq: string, filter: DeadLetterFilter): string | undefined {
  if (dlq !== OWN_DLQ_STREAM) return undefined;
  // No subject-level filter: read unfiltered (a catch-all filter would only make the server check every subject).
  if (!filter.subject && !filter.stream && !filter.consumer && !filter.reason) return undefined;
  return ownEntryFilter(filter);
}

export type Visit = (entry: DeadLetterEntry, data: Uint8Array) => boolean | void;

/**
 * Walks matching entries newest first from `before` (exclusive), window by window, until `visit` returns false,
 * the scan cap is hit or the stream's first entry is passed. Returns the sequence the walk stopped at (exclusive bound
 * of what is left) or null when nothing older remains, and how many messages it read.
 */
export async function walkNewestFirst(
  src: Source,
  info: StreamInfo,
  filter: DeadLetterFilter,
  before: number,
  visit: Visit,
  options: {
    scanCap?: number;
    initialWindow?: number;
    payload?: boolean;
    /** Called for every message read (a redrive's planning progress); throwing stops the walk. */
    onRead?: () => void;
  } = {},
): Promise<{ stoppedAt: number | null; scanned: number; capped: boolean }> {
  const dlq = info.config.name;
  const subject = serverFilter(dlq, filter);
  // Own stream: every subject-level filter is applied by the server (or there is none).
  const subjectFiltered = dlq === OWN_DLQ_STREAM;
  const scanning = needsScan(filter, subjectFiltered);
  const cap = options.scanCap ?? SCAN_CAP;
  const first = Math.max(1, info.state.first_seq);
  const fromMs = filter.from ? Date.parse(filter.from) : undefined;
  let end = before;
  let window = options.initialWindow ?? (scanning || subject !== undefined ? 2000 : 64);
  let scanned = 0;
  const names = originHeadersFor(src.originHeaders, dlq);
  while (end > first) {
    const start = Math.max(first, end - window);
    const batch: { entry: DeadLetterEntry; data: Uint8Array; seq: number }[] = [];
    await readRange(
      src.nc,
      src.apiPrefix,
      {
        stream: dlq,
        startSeq: start,
        endSeq: end,
        filter: subject,
        // A JSON-keyed conversation id needs the payload (key rules of the original streams).
        headersOnly: !(options.payload || needsPayload(filter) || src.keyRules?.some(ruleNeedsPayload)),
        batch: 2000,
      },
      (msg) => {
        options.onRead?.();
        const entry = toEntry(dlq, msg, names, src.keyRules);
        entry.size = msg.size || entry.size; // a lost payload: the size the tap recorded
        batch.push({ entry, data: msg.data, seq: msg.seq });
      },
    );
    scanned += batch.length;
    for (let i = batch.length - 1; i >= 0; i--) {
      const { entry, data } = batch[i]!;
      if (fromMs !== undefined && Date.parse(entry.time) < fromMs)
        return { stoppedAt: null, scanned, capped: false };
      if (!entryMatches(entry, data, filter, subjectFiltered)) continue;
      if (visit(entry, data) === false) return { stoppedAt: entry.seq, scanned, capped: false };
    }
    end = start;
    if (scanned >= cap && end > first) return { stoppedAt: end, scanned, capped: true };
    window *= 4;
  }
  return { stoppedAt: null, scanned, capped: false };
}
