// Reads a conversation's messages from subject-keyed streams: its last message by subject, the ones the subject feed
// saw by sequence, the rest with subject-filtered gets.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import { jsApiRequest } from "@/lib/nats/jetstream-api";
import { getStoredMessage, type GetQuery, type StoredMessage } from "./msg-get";
import { subjectFilterFor } from "./subject-filter";
import type { ReadPlan } from "./subject-feed";

/** A conversation with more messages than this on one subject is cut (and says so). */
export const MAX_MESSAGES_PER_SUBJECT = 2000;
/** Gets by sequence in flight at once for one subject. */
const IN_FLIGHT = 64;

export type SubjectRead = {
  stream: string;
  filter: string;
  messages: StoredMessage[];
  truncated: boolean;
  /** How it was read (null: the subject has no message). */
  plan: ReadPlan | null;
  requests: number;
  ms: number;
};

/** How to read the subject, given the sequence of its last message (default: next_by_subj from the stream's start). */
export type PlanFor = (lastSeq: number) => ReadPlan;

const WHOLE_STREAM: PlanFor = () => ({ known: [], from: 1, exact: false });

/** Names of the streams that store subjects matching `pattern` (STREAM.NAMES with a subject filter). */
export async function streamsForSubject(
  nc: NatsConnection,
  prefix: string,
  pattern: string,
  counter: ApiCounter,
): Promise<string[]> {
  const reply = await jsApiRequest<{ streams: string[] | null }>(
    nc,
    prefix,
    "STREAM.NAMES",
    { subject: pattern },
    counter,
  );
  return reply.streams ?? [];
}

/**
 * First the subject's last message (nats-server finds it from its per-subject index; none means no message, without
 * touching the stream's blocks). Then the sequences the feed saw, by sequence, at once; then next_by_subj gets from
 * where the feed's knowledge ends up to that last message. Each of these costs one block lookup or a scan of the
 * conversation's own range, so the cost follows the conversation, not the stream.
 */
export async function readSubject(
  nc: NatsConnection,
  prefix: string,
  stream: string,
  filter: string,
  counter: ApiCounter,
  planFor: PlanFor = WHOLE_STREAM,
): Promise<SubjectRead> {
  const began = performance.now();
  // Its own count: other reads of the same lookup share `counter` at the same time.
  const own: ApiCounter = { requests: 0 };
  const get = (query: GetQuery) =>
    getStoredMessage(nc, prefix, stream, query, own).finally(() => counter.requests++);
  const done = (messages: StoredMessage[], truncated: boolean, plan: ReadPlan | null): SubjectRead => ({
    stream,
    filter,
    messages,
    truncated,
    plan,
    requests: own.requests,
    ms: performance.now() - began,
  });
  const last = await get({ last_by_subj: filter });
  if (!last) return done([], false, null);
  const plan = planFor(last.seq);

  const known = plan.known.slice(0, MAX_MESSAGES_PER_SUBJECT);
  const byKnown: (StoredMessage | null)[] = new Array(known.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, known.length) }, async () => {
      while (next < known.length) {
        const i = next++;
        byKnown[i] = known[i] === last.seq ? last : await get({ seq: known[i]! });
      }
    }),
  );
  // A known sequence may have been deleted since (or, with a stream purged and refilled, hold another subject).
  const messages = byKnown.filter((m): m is StoredMessage => m !== null && m.subject === last.subject);
  if (plan.known.length > MAX_MESSAGES_PER_SUBJECT) return done(messages, true, plan);

  let seq = plan.from;
  while (seq !== null && seq <= last.seq && messages.length < MAX_MESSAGES_PER_SUBJECT) {
    const found = await get({ seq, next_by_subj: filter });
    // Nothing at or after `seq`: the last message was removed meanwhile.
    if (!found) break;
    if (!messages.some((m) => m.seq === found.seq)) messages.push(found);
    seq = found.seq >= last.seq ? null : found.seq + 1;
  }
  messages.sort((a, b) => a.seq - b.seq);
  return done(messages, seq !== null && messages.length >= MAX_MESSAGES_PER_SUBJECT, plan);
}

export type SubjectSources = {
  /** Streams that store the rule's subjects; null when unknown (then STREAM.NAMES asks the server). */
  streamsFor?: (rule: KeyRule) => string[] | null;
  /** Read plans per stream and rule pattern (the subject feed). */
  planFor?: (stream: string, pattern: string, id: string) => PlanFor;
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
  const streams = rule.stream
    ? [rule.stream]
    : (sources.streamsFor?.(rule) ?? (await streamsForSubject(nc, prefix, rule.subjects, counter)));
  return Promise.all(
    streams.map((stream) =>
      readSubject(nc, prefix, stream, filter, counter, sources.planFor?.(stream, rule.subjects, id)),
    ),
  );
}
