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

/**
 * One memory stream `name` (subjects `<lower name>.>`) with `consumers` durable pull consumers w<n>, each filtered to
 * its own subject, and one message on each of `subjects` subjects: a stream whose consumers and subjects need paging.
 */
export async function provisionWideStream(
  nc: NatsConnection,
  name: string,
  consumers: number,
  subjects: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const prefix = name.toLowerCase();
  await jsm.streams.add({ name, subjects: [`${prefix}.>`], storage: StorageType.Memory });
  for (let c = 0; c < consumers; c++)
    await jsm.consumers.add(name, {
      durable_name: `w${c}`,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${prefix}.s${c}`,
    });
  for (let s = 0; s < subjects; s++) await js.publish(`${prefix}.s${s}`, "work");
}
