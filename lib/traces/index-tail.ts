// Tails one stream (or the tap's slice of one) with an ordered, usually headers-only consumer into a
// callback, reporting progress.
import "server-only";
import { DeliverPolicy, type ConsumerInfo, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { IndexSourceStatus } from "@/lib/dto/traces";
import { randomBytes } from "node:crypto";
import { OWN_CONSUMER_PREFIX } from "@/lib/dto/switchyard-owned";

export type TailSource = {
  key: string;
  stream: string;
  filter: string;
  headersOnly: boolean;
  via: string;
  label: string;
};

/** Where a tail begins: at a time (the index window) or right after what an earlier tail saw. */
export type TailStart = { time: Date } | { seq: number };

/**
 * Runs until `stopped()` or the consumer fails; resolves either way (the indexer retries at its next discovery).
 * `onReady` gets the consumer's info before the first message (its `delivered.stream_seq` + 1 is where it starts).
 */
export async function runTail(
  js: JetStreamClient,
  source: TailSource,
  start: TailStart,
  status: IndexSourceStatus,
  onMessage: (msg: JsMsg) => void,
  stopped: () => boolean,
  onReady?: (info: ConsumerInfo) => void,
): Promise<void> {
  const consumer = await js.consumers.get(source.stream, {
    // Unique per tail: the client names an ordered consumer <prefix>_<n>, and other Switchyard processes tail
    // this stream too.
    name_prefix: `${OWN_CONSUMER_PREFIX}trace_${randomBytes(6).toString("hex")}`,
    ...(source.filter === ">" ? {} : { filter_subjects: source.filter }),
    headers_only: source.headersOnly,
    ...("seq" in start
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.seq }
      : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.time.toISOString() }),
  });
  const info = await consumer.info(true);
  onReady?.(info);
  status.pending = info.num_pending;
  status.state = info.num_pending === 0 ? "current" : "building";
  const messages = await consumer.consume({ max_messages: 2000 });
  const stopCheck = setInterval(() => {
    if (stopped()) void messages.close();
  }, 1000);
  try {
    for await (const msg of messages) {
      try {
        onMessage(msg);
      } catch {
        // One unreadable message must not stop the index.
      }
      status.indexed++;
      status.pending = msg.info.pending;
      if (msg.info.pending === 0) status.state = "current";
    }
  } finally {
    clearInterval(stopCheck);
    // An ended tail must not leave its ephemeral consumer behind until the server's inactivity timeout:
    // the indexer starts a new one at its next discovery.
    await messages.close().catch(() => undefined);
    await consumer.delete().catch(() => false);
  }
}
