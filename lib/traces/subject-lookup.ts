// Reads a conversation's messages from subject-keyed streams with subject-filtered gets: its last message, then the rest in order.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import type { ApiCounter } from "@/lib/collector/jetstream-api";
import { jsApiRequest } from "@/lib/collector/jetstream-api";
import { getStoredMessage, type GetQuery, type StoredMessage } from "./msg-get";
import { subjectFilterFor } from "./subject-filter";
import type { StartHint } from "./subject-feed";

/** A conversation with more messages than this on one subject is cut (and says so). */
export const MAX_MESSAGES_PER_SUBJECT = 2000;

export type SubjectRead = {
  stream: string;
  filter: string;
  messages: StoredMessage[];
  truncated: boolean;
  /** Where the gets started (null: the subject has no message). */
  start: StartHint | null;
  requests: number;
  ms: number;
};

/** Where to start reading, given the sequence of the subject's last message (default: the stream's start). */
export type StartFor = (lastSeq: number) => StartHint;

const FROM_THE_START: StartFor = () => ({ seq: 1, exact: false });

/** Names of the streams that store subjects matching `pattern` (STREAM.NAMES with a subject filter). */
export async function streamsForSubject(nc: NatsConnection, prefix: string, pattern: string, counter: ApiCounter): Promise<string[]> {
  const reply = await jsApiRequest<{ streams: string[] | null }>(nc, prefix, "STREAM.NAMES", { subject: pattern }, counter);
  return reply.streams ?? [];
}

/**
 * One request for the subject's last message (nats-server finds it from its per-subject index; none means no message,
 * without touching the stream's blocks), then `next_by_subj` gets from `startFor(last)` up to that message. Stopping at
 * the last message spares the final get that would search the rest of the stream, and a start at the conversation's
 * first message spares 2.9's walk over every earlier block: the cost follows the conversation, not the stream.
 */
export async function readSubject(nc: NatsConnection, prefix: string, stream: string, filter: string, counter: ApiCounter, startFor: StartFor = FROM_THE_START): Promise<SubjectRead> {
  const began = performance.now();
  // Its own count: other reads of the same lookup share `counter` at the same time.
  const own: ApiCounter = { requests: 0 };
  const get = (query: GetQuery) => getStoredMessage(nc, prefix, stream, query, own).finally(() => counter.requests++);
  const done = (messages: StoredMessage[], truncated: boolean, start: StartHint | null): SubjectRead => ({ stream, filter, messages, truncated, start, requests: own.requests, ms: performance.now() - began });
  const last = await get({ last_by_subj: filter });
  if (!last) return done([], false, null);
  const start = startFor(last.seq);
  if (start.exact && start.seq === last.seq) return done([last], false, start);
  const messages: StoredMessage[] = [];
  let seq = start.seq;
  while (messages.length < MAX_MESSAGES_PER_SUBJECT) {
    const next = await get({ seq, next_by_subj: filter });
    // Nothing at or after `seq`: the last message was removed meanwhile.
    if (!next) return done(messages, false, start);
    messages.push(next);
    if (next.seq >= last.seq) return done(messages, false, start);
    seq = next.seq + 1;
  }
  return done(messages, true, start);
}

export type SubjectSources = {
  /** Streams that store the rule's subjects; null when unknown (then STREAM.NAMES asks the server). */
  streamsFor?: (rule: KeyRule) => string[] | null;
  /** Start hints per stream and filter pattern (the subject feed). */
  startFor?: (stream: string, pattern: string, id: string) => StartFor;
};

export async function lookupBySubject(
  nc: NatsConnection,
  prefix: string,
  rule: KeyRule & { key: { subjectToken: number } },
  id: string,
  counter: ApiCounter,
  sources: SubjectSources = {},
): Promise<SubjectRead[]> {
  const filter = subjectFilterFor(rule.subjects, rule.key.subjectToken, id);
  const streams = rule.stream ? [rule.stream] : (sources.streamsFor?.(rule) ?? (await streamsForSubject(nc, prefix, rule.subjects, counter)));
  return Promise.all(streams.map((stream) => readSubject(nc, prefix, stream, filter, counter, sources.startFor?.(stream, rule.subjects, id))));
}
