// Test/bench helper: fills SWITCHYARD_DLQ with entries as capture would write them, pointing at a target stream.
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { deadLetterMsgId } from "@/lib/dto/message-headers";
import { deadLetterHeaders, ensureOwnDlqStream, ownEntrySubject } from "@/lib/dlq/entries";

export async function createTarget(
  nc: NatsConnection,
  name: string,
  storage: StorageType = StorageType.File,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name,
    subjects: [`${name.toLowerCase()}.>`],
    retention: RetentionPolicy.Limits,
    storage,
    duplicate_window: 10 * 60 * 1_000_000_000,
  });
}

/**
 * Publishes `count` entries whose original subject is `<target lowercase>.job.<i % subjects>`; returns their
 * DLQ seqs.
 */
export async function seedEntries(
  nc: NatsConnection,
  target: string,
  count: number,
  options: { subjects?: number; payloadBytes?: number; window?: number } = {},
): Promise<number[]> {
  const jsm = await jetstreamManager(nc);
  await ensureOwnDlqStream(jsm);
  const js = jetstream(nc);
  const seqs: number[] = [];
  const window = options.window ?? 1000;
  const pad = "x".repeat(options.payloadBytes ?? 0);
  let pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const subject = `${target.toLowerCase()}.job.${i % (options.subjects ?? 4)}`;
    const original = headers();
    original.set("Conversation-Id", `conv-${i % 7}`);
    const h = deadLetterHeaders(original, {
      stream: target,
      subject,
      seq: i + 1,
      consumer: "workers",
      deliveries: 5,
      reason: "max deliveries (5)",
      time: new Date().toISOString(),
    });
    pending.push(
      js
        .publish(
          ownEntrySubject("max_deliveries", target, "workers", subject),
          JSON.stringify({ i, conversation_id: `conv-${i % 7}`, pad }),
          { headers: h, msgID: deadLetterMsgId(`${target}-seed`, i) },
        )
        .then((ack) => {
          seqs.push(ack.seq);
        }),
    );
    if (pending.length >= window) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return seqs.sort((a, b) => a - b);
}
