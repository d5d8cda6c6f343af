// Reads a conversation's messages from subject-keyed streams with subject-filtered gets: one request per message, plus one.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import type { ApiCounter } from "@/lib/collector/jetstream-api";
import { jsApiRequest } from "@/lib/collector/jetstream-api";
import { getStoredMessage, type StoredMessage } from "./msg-get";
import { subjectFilterFor } from "./subject-filter";

/** A conversation with more messages than this on one subject is cut (and says so). */
export const MAX_MESSAGES_PER_SUBJECT = 2000;

export type SubjectRead = { stream: string; filter: string; messages: StoredMessage[]; truncated: boolean };

/** Names of the streams that store subjects matching `pattern` (STREAM.NAMES with a subject filter). */
export async function streamsForSubject(nc: NatsConnection, prefix: string, pattern: string, counter: ApiCounter): Promise<string[]> {
  const reply = await jsApiRequest<{ streams: string[] | null }>(nc, prefix, "STREAM.NAMES", { subject: pattern }, counter);
  return reply.streams ?? [];
}

export async function readSubject(nc: NatsConnection, prefix: string, stream: string, filter: string, counter: ApiCounter): Promise<SubjectRead> {
  const messages: StoredMessage[] = [];
  let seq = 1;
  while (messages.length < MAX_MESSAGES_PER_SUBJECT) {
    const next = await getStoredMessage(nc, prefix, stream, { seq, next_by_subj: filter }, counter);
    if (!next) return { stream, filter, messages, truncated: false };
    messages.push(next);
    seq = next.seq + 1;
  }
  return { stream, filter, messages, truncated: true };
}

export async function lookupBySubject(nc: NatsConnection, prefix: string, rule: KeyRule & { key: { subjectToken: number } }, id: string, counter: ApiCounter): Promise<SubjectRead[]> {
  const filter = subjectFilterFor(rule.subjects, rule.key.subjectToken, id);
  const streams = rule.stream ? [rule.stream] : await streamsForSubject(nc, prefix, rule.subjects, counter);
  return Promise.all(streams.map((stream) => readSubject(nc, prefix, stream, filter, counter)));
}
