// Reads a sequence range of a stream without consuming it: an ephemeral, ack-less pull consumer, batches with no_wait.
// Used by browse (newest first), scans, redrive and the app-DLQ index; works on nats-server 2.9 (no batch direct get).
import {
  createInbox,
  headers as newHeaders,
  type MsgHdrs,
  type NatsConnection,
} from "@nats-io/transport-node";
import { jsApiRequest } from "./jetstream-api";

export type ReadMsg = {
  seq: number;
  subject: string;
  time: string;
  header?: MsgHdrs;
  data: Uint8Array;
  size: number;
};

export type RangeRead = {
  stream: string;
  /** First sequence to read (inclusive). */
  startSeq: number;
  /** Stop before this sequence (exclusive); undefined reads to the end. */
  endSeq?: number;
  filter?: string;
  headersOnly?: boolean;
  /** Stop after this many messages. */
  max?: number;
  batch?: number;
};

type ConsumerCreateResponse = { name: string; num_pending: number };

const ACK_V1_TOKENS = 9;

function parseAck(reply: string): { seq: number; time: string; pending: number } | undefined {
  const t = reply.split(".");
  const i = t.length === ACK_V1_TOKENS ? 2 : t.length >= 11 ? 4 : -1;
  if (i < 0) return undefined;
  const nanos = t[i + 5]!;
  // Milliseconds from the nanosecond timestamp without BigInt (this runs for every message read).
  const ms = nanos.length > 6 ? Number(nanos.slice(0, -6)) : 0;
  return { seq: Number(t[i + 3]), time: new Date(ms).toISOString(), pending: Number(t[i + 6]) };
}

const READ_IDLE_MS = 5000;
/** How long the server may hold one batch request: nats-server 2.9 keeps a no_wait request open when its pending count
 * went stale (messages deleted while they are read, e.g. a redrive removing entries another request is reading), so
 * without an expiry the batch would never end. With it the server ends such a batch with a 408 within this time. */
const BATCH_EXPIRES_NS = 1_000_000_000;

/** Reads messages in [startSeq, endSeq) matching filter, oldest first, calling onMsg; returns how many matched. */
export async function readRange(
  nc: NatsConnection,
  prefix: string,
  read: RangeRead,
  onMsg: (msg: ReadMsg) => boolean | void,
): Promise<number> {
  const counter = { requests: 0 };
  if (read.endSeq !== undefined && read.endSeq <= read.startSeq) return 0;
  const config: Record<string, unknown> = {
    deliver_policy: "by_start_sequence",
    opt_start_seq: Math.max(1, read.startSeq),
    ack_policy: "none",
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: 10_000_000_000,
    headers_only: read.headersOnly ?? false,
  };
  if (read.filter) config.filter_subject = read.filter;
  const created = await jsApiRequest<ConsumerCreateResponse>(
    nc,
    prefix,
    `CONSUMER.CREATE.${read.stream}`,
    { stream_name: read.stream, config },
    counter,
  );
  let delivered = 0;
  try {
    let pending = created.num_pending;
    let done = pending === 0;
    const batch = read.batch ?? 1000;
    while (!done) {
      const want = Math.min(batch, read.max !== undefined ? read.max - delivered : batch);
      if (want <= 0) break;
      const inbox = createInbox();
      const sub = nc.subscribe(inbox);
      // A batch that stops arriving (the server restarted mid-batch, the consumer is gone) would wait forever: end it
      // after READ_IDLE_MS without a message and fail the read as a timeout, which callers retry.
      let stalled = false;
      let idle: ReturnType<typeof setTimeout> | undefined;
      const rearm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          stalled = true;
          sub.unsubscribe();
        }, READ_IDLE_MS);
      };
      rearm();
      nc.publish(
        `${prefix}.CONSUMER.MSG.NEXT.${read.stream}.${created.name}`,
        JSON.stringify({ batch: want, no_wait: true, expires: BATCH_EXPIRES_NS }),
        { reply: inbox },
      );
      let got = 0;
      for await (const m of sub) {
        rearm();
        if (!m.reply) break; // a status message (404 no messages, 408): the batch is over
        const ack = parseAck(m.reply);
        if (!ack) break;
        got++;
        pending = ack.pending;
        if (read.endSeq !== undefined && ack.seq >= read.endSeq) {
          done = true;
          break;
        }
        const size = read.headersOnly ? Number(m.headers?.get("Nats-Msg-Size") || "0") : m.data.length;
        delivered++;
        if (
          onMsg({
            seq: ack.seq,
            subject: m.subject,
            time: ack.time,
            header: m.headers ?? newHeaders(),
            data: m.data,
            size,
          }) === false
        ) {
          done = true;
          break;
        }
        if (pending === 0 || got === want || (read.max !== undefined && delivered >= read.max)) break;
      }
      clearTimeout(idle);
      sub.unsubscribe();
      if (stalled) throw new Error(`timeout: reading ${read.stream} stalled for ${READ_IDLE_MS} ms`);
      if (pending === 0 || got === 0 || (read.max !== undefined && delivered >= read.max)) done = true;
    }
  } finally {
    void jsApiRequest(nc, prefix, `CONSUMER.DELETE.${read.stream}.${created.name}`, undefined, counter).catch(
      () => undefined,
    );
  }
  return delivered;
}
