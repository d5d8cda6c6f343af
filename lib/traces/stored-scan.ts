// A work-queue stream without the trace tap: its stored (not yet consumed) messages are read by gets, next by
// subject from the first one, and kept when their key rule names the conversation. What was consumed is gone.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import { extractKey } from "@/lib/keys/extract-key";
import { getStoredMessage, type StoredMessage } from "./msg-get";

/** Gets per stream and lookup at most: a work queue's stored messages are its backlog, normally short. */
export const STORED_SCAN_LIMIT = 500;

export async function scanStored(
  nc: NatsConnection,
  prefix: string,
  untapped: { stream: string; rule: KeyRule },
  id: string,
  counter: ApiCounter,
  limit = STORED_SCAN_LIMIT,
): Promise<{ messages: StoredMessage[]; truncated: boolean }> {
  const { stream, rule } = untapped;
  const messages: StoredMessage[] = [];
  let seq = 1;
  for (let read = 0; read < limit; read++) {
    const m = await getStoredMessage(nc, prefix, stream, { seq, next_by_subj: rule.subjects }, counter);
    if (!m) return { messages, truncated: false };
    const key = extractKey(rule, { subject: m.subject, headers: m.headers, payload: m.data }, []);
    if (key.conversationId === id) messages.push(m);
    seq = m.seq + 1;
  }
  return { messages, truncated: true };
}
