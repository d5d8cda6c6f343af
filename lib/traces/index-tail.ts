// Tails one stream (or the tap's slice of one) with an ordered, usually headers-only consumer into a callback, reporting progress.
import "server-only";
import { DeliverPolicy, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { IndexSourceStatus } from "@/lib/dto/traces";

export type TailSource = { key: string; stream: string; filter: string; headersOnly: boolean; via: string; label: string };

/** Runs until `stopped()` or the consumer fails; resolves either way (the indexer retries at its next discovery). */
export async function runTail(js: JetStreamClient, source: TailSource, since: Date, status: IndexSourceStatus, onMessage: (msg: JsMsg) => void, stopped: () => boolean): Promise<void> {
  const consumer = await js.consumers.get(source.stream, {
    ...(source.filter === ">" ? {} : { filter_subjects: source.filter }),
    headers_only: source.headersOnly,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since.toISOString(),
  });
  const info = await consumer.info(true);
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
