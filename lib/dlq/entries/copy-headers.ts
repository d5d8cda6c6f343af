// Headers of a dead-letter copy or a redriven message: the application's own headers, never the server's Nats-* ones.
import { MsgHdrsImpl, type MsgHdrs } from "@nats-io/transport-node";
import { DLQ_HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { DEFAULT_ORIGIN_HEADERS, type OriginHeaderNames } from "./origin-headers";

const ORIGIN = new Set(Object.values(DLQ_HEADERS).map((h) => h.toLowerCase()));
const ORIGIN_AND_REDRIVE = new Set([
  ...ORIGIN,
  REDRIVE_HEADERS.count.toLowerCase(),
  REDRIVE_HEADERS.job.toLowerCase(),
]);

/**
 * The application headers of a stored message as a record, dropping Nats-* (Msg-Id, Expected-*, Rollup, TTL …) and
 * the names in `drop` (lowercase). Names and values come from a decoded header block, so they are already valid.
 */
function applicationRecord(source: MsgHdrs | undefined, drop: ReadonlySet<string>): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [name, values] of source ?? []) {
    const lower = name.toLowerCase();
    if (lower.startsWith("nats-") || drop.has(lower)) continue;
    record[name] = [...values];
  }
  return record;
}

export type Origin = {
  stream: string;
  subject: string;
  seq: number;
  consumer: string;
  deliveries: number;
  reason: string;
  time: string;
  payloadLost?: boolean;
  /** The lost payload's size, when the trace tap recorded it. */
  originalSize?: number;
};

/** A dead-letter copy's headers: the original's application headers plus X-Dlq-* origin headers. */
export function deadLetterHeaders(original: MsgHdrs | undefined, origin: Origin): MsgHdrs {
  // A redriven message that dead-letters again keeps its redrive count and job, for the loop guard.
  const h = MsgHdrsImpl.fromRecord(applicationRecord(original, ORIGIN));
  h.set(DLQ_HEADERS.stream, origin.stream);
  h.set(DLQ_HEADERS.subject, origin.subject);
  h.set(DLQ_HEADERS.seq, String(origin.seq));
  h.set(DLQ_HEADERS.consumer, origin.consumer);
  h.set(DLQ_HEADERS.deliveries, String(origin.deliveries));
  h.set(DLQ_HEADERS.reason, origin.reason);
  h.set(DLQ_HEADERS.time, origin.time);
  if (origin.payloadLost) h.set(DLQ_HEADERS.payloadLost, "true");
  if (origin.originalSize !== undefined) h.set(DLQ_HEADERS.originalSize, String(origin.originalSize));
  return h;
}

/** The header names (lowercase) a redrive leaves behind: X-Dlq-*, the redrive headers it rewrites, and `names`. */
export function redriveDropped(names: OriginHeaderNames = DEFAULT_ORIGIN_HEADERS): ReadonlySet<string> {
  return new Set([...ORIGIN_AND_REDRIVE, ...Object.values(names).map((n) => n.toLowerCase())]);
}

const DEFAULT_DROPPED = redriveDropped();

export type RedriveHeaderOptions = {
  /** Publish headers to add (Nats-Msg-Id). */
  extra?: Record<string, string>;
  /** Times a kept entry was redriven already: the count goes on from there. */
  alreadyRedriven?: number;
  /** From redriveDropped(): the origin headers of the entry's DLQ stream. */
  dropped?: ReadonlySet<string>;
};

/**
 * A redriven message's headers: application headers, the redrive count incremented, the job named, plus `extra`.
 * Built in one go: a bulk redrive does this per message.
 */
export function redriveHeaders(
  entry: MsgHdrs | undefined,
  jobId: string,
  options: RedriveHeaderOptions = {},
): MsgHdrs {
  const record = applicationRecord(entry, options.dropped ?? DEFAULT_DROPPED);
  const count = Number(entry?.get(REDRIVE_HEADERS.count) || "0");
  record[REDRIVE_HEADERS.count] = [
    String((Number.isSafeInteger(count) ? count : 0) + (options.alreadyRedriven ?? 0) + 1),
  ];
  record[REDRIVE_HEADERS.job] = [jobId];
  for (const [name, value] of Object.entries(options.extra ?? {})) record[name] = [value];
  return MsgHdrsImpl.fromRecord(record);
}
