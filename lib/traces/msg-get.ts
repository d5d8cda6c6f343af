// Reads stored messages with STREAM.MSG.GET (by sequence, or the next one on a subject), counting requests.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import { JetStreamApiError } from "@nats-io/jetstream";
import { jsApiRequest, type ApiCounter } from "@/lib/nats/jetstream-api";
import { parseHeaderBlock } from "./decode-payload";

export type StoredMessage = {
  stream: string;
  seq: number;
  subject: string;
  time: string;
  headers: [string, string][];
  data: Uint8Array;
};

type RawGet = { message: { subject: string; seq: number; hdrs?: string; data?: string; time: string } };

const NO_MESSAGE = 10037;

export type GetQuery = { seq: number } | { seq: number; next_by_subj: string } | { last_by_subj: string };

/**
 * One message, or null when there is none (deleted, acked off a work queue, no later match, or no message on
 * the subject).
 */
export async function getStoredMessage(
  nc: NatsConnection,
  prefix: string,
  stream: string,
  query: GetQuery,
  counter: ApiCounter,
): Promise<StoredMessage | null> {
  try {
    const { message } = await jsApiRequest<RawGet>(nc, prefix, `STREAM.MSG.GET.${stream}`, query, counter);
    return {
      stream,
      seq: message.seq,
      subject: message.subject,
      time: message.time,
      headers: message.hdrs ? parseHeaderBlock(Buffer.from(message.hdrs, "base64").toString("utf8")) : [],
      data: message.data ? new Uint8Array(Buffer.from(message.data, "base64")) : new Uint8Array(),
    };
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === NO_MESSAGE) return null;
    throw error;
  }
}
