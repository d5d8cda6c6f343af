// Which headers carry a dead-letter entry's origin: X-Dlq-* in Switchyard's own stream and, unless `deadLetterHeaders`
// says otherwise, in the streams applications write themselves (the simulator's DEAD_LETTERS uses X-Dlq-* too).
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { OWN_DLQ_STREAM } from "./dlq-stream";

export const ORIGIN_FIELDS = [
  "stream",
  "subject",
  "seq",
  "consumer",
  "deliveries",
  "reason",
  "time",
] as const;
export type OriginField = (typeof ORIGIN_FIELDS)[number];
export type OriginHeaderNames = Record<OriginField, string>;
/** Per application DLQ stream (or "*" for all of them): the header name of each origin field it uses. */
export type OriginHeaderConfig = Record<string, Partial<OriginHeaderNames>>;

export const DEFAULT_ORIGIN_HEADERS: OriginHeaderNames = {
  stream: DLQ_HEADERS.stream,
  subject: DLQ_HEADERS.subject,
  seq: DLQ_HEADERS.seq,
  consumer: DLQ_HEADERS.consumer,
  deliveries: DLQ_HEADERS.deliveries,
  reason: DLQ_HEADERS.reason,
  time: DLQ_HEADERS.time,
};

/**
 * The origin header names of one DLQ stream: Switchyard's own always X-Dlq-*; others the stream's mapping,
 * then "*".
 */
export function originHeadersFor(config: OriginHeaderConfig | undefined, dlq: string): OriginHeaderNames {
  if (!config || dlq === OWN_DLQ_STREAM) return DEFAULT_ORIGIN_HEADERS;
  const own = config[dlq];
  const all = config["*"];
  if (!own && !all) return DEFAULT_ORIGIN_HEADERS;
  return { ...DEFAULT_ORIGIN_HEADERS, ...all, ...own };
}
