// Turns a stored DLQ message (own or written by an application) into the browse DTO.
import type { MsgHdrs } from "@nats-io/transport-node";
import { DLQ_HEADERS, HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import type { DeadLetterEntry } from "@/lib/dto/dead-letters";
import { discloseText } from "@/lib/masking/for-actor";
import { DEFAULT_ORIGIN_HEADERS, type OriginHeaderNames } from "./origin-headers";

export type RawEntry = { seq: number; subject: string; time: string; header?: MsgHdrs; data: Uint8Array };

function header(h: MsgHdrs | undefined, name: string): string | null {
  const value = h?.get(name);
  return value ? value : null;
}

function int(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** The conversation id: the Conversation-Id header, else a top-level conversation_id in a small JSON payload. */
export function conversationIdOf(h: MsgHdrs | undefined, data: Uint8Array): string | null {
  const fromHeader = header(h, HEADERS.conversationId);
  if (fromHeader) return fromHeader;
  if (data.length === 0 || data.length > 64 * 1024 || data[0] !== 0x7b) return null;
  try {
    const value = (JSON.parse(decoder.decode(data)) as { conversation_id?: unknown }).conversation_id;
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * `names`: where this DLQ stream keeps the origin (X-Dlq-* unless configured, origin-headers.ts). The reason is
 * free text an application wrote (an error message may quote the payload): it is masked like any header value.
 */
export function toEntry(
  dlqStream: string,
  raw: RawEntry,
  names: OriginHeaderNames = DEFAULT_ORIGIN_HEADERS,
): DeadLetterEntry {
  const h = raw.header;
  return {
    dlqStream,
    seq: raw.seq,
    time: raw.time,
    dlqSubject: raw.subject,
    origin: {
      stream: header(h, names.stream),
      subject: header(h, names.subject),
      seq: int(header(h, names.seq)),
      consumer: header(h, names.consumer),
      deliveries: int(header(h, names.deliveries)),
      reason: discloseText(header(h, names.reason)),
      time: header(h, names.time),
    },
    conversationId: conversationIdOf(h, raw.data),
    size: raw.data.length,
    redriveCount: int(header(h, REDRIVE_HEADERS.count)) ?? 0,
    payloadLost: header(h, DLQ_HEADERS.payloadLost) === "true",
    redriven: null,
  };
}

/** Every header as [name, value] pairs, in order (repeated names kept). */
export function headerPairs(h: MsgHdrs | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (!h) return pairs;
  for (const [name, values] of h) for (const value of values) pairs.push([name, value]);
  return pairs;
}
