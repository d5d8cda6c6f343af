// Dead letters whose advisory was lost (the advisory stream full or refusing, the JetStream store full): a message
// that reached max deliveries stays in its work queue forever, its consumer showing pending 0 and ack pending 0
// (docs/architecture.md, "Facts seen on nats-server 2.9.10"). The sweep finds them and hands each to capture as if
// its advisory had come, so the advisory path's idempotency (Nats-Msg-Id <stream>:<seq>) keeps it exactly once.
import { AckPolicy, RetentionPolicy, type JetStreamManager, type MsgRequest } from "@nats-io/jetstream";
import type { Advisory } from "@/lib/advisories/advisory";
import { isOwnStream } from "@/lib/dto/switchyard-owned";

/** A stranded message: stored, delivered past, and neither pending nor awaiting an ack on its consumer. */
export type Stranded = { stream: string; consumer: string; seq: number; maxDeliver: number };

/** Per consumer, at most this many are looked at in one sweep (the rest wait for the next). */
const MAX_PER_CONSUMER = 10_000;

/**
 * Finds stranded messages. Only an idle, caught-up consumer is looked at (pending 0, ack pending 0): then every
 * message it has delivered and that is still stored used up its deliveries; nothing is awaiting a redelivery.
 */
export async function findStranded(
  jsm: JetStreamManager,
  /** Streams whose originals are kept after capture (`deadLetterKeepOriginals`): found again on every sweep. */
  skip: readonly string[] = [],
): Promise<Stranded[]> {
  const found: Stranded[] = [];
  for await (const stream of jsm.streams.list()) {
    const name = stream.config.name;
    if (stream.config.retention !== RetentionPolicy.Workqueue || isOwnStream(name) || skip.includes(name))
      continue;
    if (stream.state.messages === 0) continue;
    for await (const c of jsm.consumers.list(name)) {
      const maxDeliver = c.config.max_deliver ?? -1;
      if (maxDeliver <= 0 || c.config.ack_policy === AckPolicy.None) continue;
      if (c.num_pending !== 0 || c.num_ack_pending !== 0) continue;
      const upTo = c.delivered.stream_seq;
      const filters = c.config.filter_subjects?.length
        ? c.config.filter_subjects
        : [c.config.filter_subject || ">"];
      let seen = 0;
      for (const filter of filters) {
        let seq = stream.state.first_seq;
        while (seq <= upTo && seen < MAX_PER_CONSUMER) {
          const query = { seq, next_by_subj: filter } as unknown as MsgRequest;
          const m = await jsm.streams.getMessage(name, query);
          if (!m || m.seq > upTo) break;
          found.push({ stream: name, consumer: c.name, seq: m.seq, maxDeliver });
          seen++;
          seq = m.seq + 1;
        }
      }
    }
  }
  return found;
}

/** The advisory a stranded message's server would have sent. */
export function strandedAdvisory(s: Stranded, now = new Date()): Advisory {
  return {
    type: "io.nats.jetstream.advisory.v1.max_deliver",
    id: `sweep:${s.stream}:${s.seq}`,
    timestamp: now.toISOString(),
    stream: s.stream,
    consumer: s.consumer,
    stream_seq: s.seq,
    deliveries: s.maxDeliver,
  };
}
