// Headers of a dead-letter copy or a redriven message: the application's own headers, never the server's Nats-* ones.
import { headers, type MsgHdrs } from "@nats-io/transport-node";
import { DLQ_HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";

const ORIGIN = new Set(Object.values(DLQ_HEADERS).map((h) => h.toLowerCase()));

/** Copies application headers, dropping Nats-* (Msg-Id, Expected-*, Rollup, TTL …) and, when asked, the DLQ origin headers. */
export function applicationHeaders(source: MsgHdrs | undefined, options: { dropOrigin: boolean }): MsgHdrs {
  const h = headers();
  for (const [name, values] of source ?? []) {
    const lower = name.toLowerCase();
    if (lower.startsWith("nats-")) continue;
    if (options.dropOrigin && ORIGIN.has(lower)) continue;
    if (lower === REDRIVE_HEADERS.count.toLowerCase() || lower === REDRIVE_HEADERS.job.toLowerCase()) {
      if (options.dropOrigin) continue;
    }
    for (const value of values) h.append(name, value);
  }
  return h;
}

export type Origin = { stream: string; subject: string; seq: number; consumer: string; deliveries: number; reason: string; time: string; payloadLost?: boolean };

/** A dead-letter copy's headers: the original's application headers plus X-Dlq-* origin headers. */
export function deadLetterHeaders(original: MsgHdrs | undefined, origin: Origin): MsgHdrs {
  const h = applicationHeaders(original, { dropOrigin: true });
  // A redriven message that dead-letters again keeps its redrive count and job, for the loop guard.
  for (const name of [REDRIVE_HEADERS.count, REDRIVE_HEADERS.job]) {
    const value = original?.get(name);
    if (value) h.set(name, value);
  }
  h.set(DLQ_HEADERS.stream, origin.stream);
  h.set(DLQ_HEADERS.subject, origin.subject);
  h.set(DLQ_HEADERS.seq, String(origin.seq));
  h.set(DLQ_HEADERS.consumer, origin.consumer);
  h.set(DLQ_HEADERS.deliveries, String(origin.deliveries));
  h.set(DLQ_HEADERS.reason, origin.reason);
  h.set(DLQ_HEADERS.time, origin.time);
  if (origin.payloadLost) h.set(DLQ_HEADERS.payloadLost, "true");
  return h;
}

/** A redriven message's headers: application headers, the redrive count incremented, the job named. */
export function redriveHeaders(entry: MsgHdrs | undefined, jobId: string): MsgHdrs {
  const h = applicationHeaders(entry, { dropOrigin: true });
  const count = Number(entry?.get(REDRIVE_HEADERS.count) || "0");
  h.set(REDRIVE_HEADERS.count, String((Number.isSafeInteger(count) ? count : 0) + 1));
  h.set(REDRIVE_HEADERS.job, jobId);
  return h;
}
