// Turns a stored DLQ message (own or written by an application) into the browse DTO.
import type { MsgHdrs } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import { DLQ_HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { deadLetterKey } from "@/lib/keys/extract-key";
import { DEFAULT_KEY_RULES } from "@/lib/keys/key-rules";
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

/**
 * `names`: where this DLQ stream keeps the origin (X-Dlq-* unless configured, origin-headers.ts). The reason is
 * free text an application wrote (an error message may quote the payload): it is masked like any header value.
 * The conversation id comes from `traces.keyRules`, by the rule of the original stream and subject (a headers-only
 * read has no payload, so a JSON-keyed id needs the payload read).
 */
export function toEntry(
  dlqStream: string,
  raw: RawEntry,
  names: OriginHeaderNames = DEFAULT_ORIGIN_HEADERS,
  rules: readonly KeyRule[] = DEFAULT_KEY_RULES,
): DeadLetterEntry {
  const h = raw.header;
  const originStream = header(h, names.stream);
  const originSubject = header(h, names.subject);
  const { conversationId } = deadLetterKey(rules, {
    originStream,
    originSubject,
    headers: headerPairs(h),
    payload: raw.data.length > 0 && raw.data.length <= 64 * 1024 ? raw.data : null,
  });
  return {
    dlqStream,
    seq: raw.seq,
    time: raw.time,
    dlqSubject: raw.subject,
    origin: {
      stream: originStream,
      subject: originSubject,
      seq: int(header(h, names.seq)),
      consumer: header(h, names.consumer),
      deliveries: int(header(h, names.deliveries)),
      reason: discloseText(header(h, names.reason)),
      time: header(h, names.time),
    },
    conversationId,
    size: raw.data.length || (int(header(h, DLQ_HEADERS.originalSize)) ?? 0),
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
