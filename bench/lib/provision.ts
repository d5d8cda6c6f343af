// The benches' JetStream layout: `streams` memory streams B<n> with `consumers` durable pull consumers c<m> each,
// every consumer filtered to its own subject, half of them with one unprocessed message.
import type { NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";

export async function provisionStreams(
  nc: NatsConnection,
  streams: number,
  consumers: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  for (let s = 0; s < streams; s++) {
    await jsm.streams.add({ name: `B${s}`, subjects: [`b${s}.>`], storage: StorageType.Memory });
    for (let c = 0; c < consumers; c++) {
      await jsm.consumers.add(`B${s}`, {
        durable_name: `c${c}`,
        ack_policy: AckPolicy.Explicit,
        filter_subject: `b${s}.c${c}`,
      });
      if (c % 2 === 0) await js.publish(`b${s}.c${c}`, "work");
    }
  }
}
