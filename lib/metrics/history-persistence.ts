// Keeps the collector's history in JetStream so a restart keeps the charts: each closed bucket of every tier
// is published once (idempotent Nats-Msg-Id, so several replicas store it once) and replayed at start.
// A bucket of many series is split into parts of at most PART_KEYS series, each on its own subject
// (switchyard.history.<env>.<tier>.<part>), so messages stay far below max_payload and each subject keeps
// one message per bucket (max_msgs_per_subject bounds the stream).
import type { NatsConnection } from "@nats-io/transport-node";
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { z } from "zod";
import type { SeriesStore, TierName } from "./series-store";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";

export const HISTORY_STREAM = "SWITCHYARD_HISTORY";
const MAX_BUCKETS_PER_SUBJECT = 800;
const PART_KEYS = 1000;
/**
 * Restore reads this many messages per pull (≈ 2 MiB of parts), so replaying days of history never buffers it all. A
 * byte-bounded pull would be tighter, but nats-server 2.9 then holds each pull open until it expires.
 */
const RESTORE_BATCH_MESSAGES = 32;

/**
 * min, max, sum, count, last. A closed rollup bucket is kept quantised without its count, so it is written as one
 * sample (sum = mean, count 1): what it restores to, here or in an older version, draws the same.
 */
const FIELDS = 5;
const bucketMessage = z.object({
  // An older Switchyard skips "30s" and "10m" messages (its schema refuses them) and reads the rest.
  tier: z.enum(["raw", "30s", "5m", "10m", "1h"]),
  epoch: z.number().int(),
  keys: z.array(z.string()),
  /**
   * Per key, FIELDS numbers in a row (min, max, sum, count, last). A flat array parses into one unboxed array, where a
   * tuple per key cost an array and five boxed numbers each; buckets written as tuples before are still read.
   */
  values: z.union([
    z.array(z.number()),
    z
      .array(z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]))
      .transform((rows) => rows.flat()),
  ]),
});

type BucketMessage = z.infer<typeof bucketMessage>;

const tierSubject = (environment: string, tier: TierName) => `switchyard.history.${environment}.${tier}`;

export class HistoryPersistence {
  private readonly persisted = new Map<TierName, number>();

  constructor(
    private readonly environment: string,
    private readonly store: SeriesStore,
  ) {}

  private async ensureStream(nc: NatsConnection): Promise<void> {
    await createStreamIfMissing(await jetstreamManager(nc), {
      name: HISTORY_STREAM,
      description: "Switchyard metric history (closed buckets of each rollup tier)",
      subjects: ["switchyard.history.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs_per_subject: MAX_BUCKETS_PER_SUBJECT,
      max_age: nanos(8 * 24 * 3_600_000),
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(10 * 60_000),
    });
  }

  /**
   * Replays every stored bucket of this environment into the store; returns how many messages it loaded. Buckets
   * the store closes while this runs are still persisted afterwards; restored ones are never published again.
   */
  async restore(nc: NatsConnection): Promise<number> {
    await this.ensureStream(nc);
    const js = jetstream(nc);
    const startedAt = new Map(
      this.store.tiers.map((spec) => [spec.name, this.store.currentEpoch(spec.name)]),
    );
    const newest = new Map<TierName, number>();
    let loaded = 0;
    // One reader for every tier: `<tier>.<part>` subjects, and `<tier>` for buckets written before parts existed.
    const consumer = await js.consumers.get(HISTORY_STREAM, {
      filter_subjects: `switchyard.history.${this.environment}.>`,
    });
    for (;;) {
      const batch = await consumer.fetch({ max_messages: RESTORE_BATCH_MESSAGES, expires: 1000 });
      let got = 0;
      let last = false;
      for await (const msg of batch) {
        got++;
        const parsed = bucketMessage.safeParse(safeJson(msg.string()));
        if (parsed.success) {
          this.load(parsed.data);
          newest.set(
            parsed.data.tier,
            Math.max(newest.get(parsed.data.tier) ?? Number.NEGATIVE_INFINITY, parsed.data.epoch),
          );
          loaded++;
        }
        if (msg.info.pending === 0) last = true;
      }
      if (got === 0 || last) break;
    }
    // Remove the reader at once rather than leaving an idle ephemeral consumer for the inactivity timeout.
    await consumer.delete().catch(() => false);
    for (const spec of this.store.tiers) {
      this.persisted.set(
        spec.name,
        Math.max(newest.get(spec.name) ?? Number.NEGATIVE_INFINITY, startedAt.get(spec.name)! - 1),
      );
    }
    return loaded;
  }

  /** Publishes every bucket that closed since the last call (never the still-open current bucket). */
  async persistClosed(nc: NatsConnection): Promise<number> {
    const js = jetstream(nc);
    let published = 0;
    for (const spec of this.store.tiers) {
      const current = this.store.currentEpoch(spec.name);
      if (!Number.isFinite(current)) continue;
      const from = Math.max(
        (this.persisted.get(spec.name) ?? Number.NEGATIVE_INFINITY) + 1,
        current - spec.slots + 1,
      );
      for (let epoch = from; epoch < current; epoch++) {
        // One part at a time (≤ PART_KEYS series with a bucket), each published before the next is built: on a large
        // estate the event loop answers requests between parts instead of waiting for every series at once.
        let part = 0;
        let keys: string[] = [];
        let values: number[] = [];
        const publishPart = async () => {
          const message: BucketMessage = { tier: spec.name, epoch, keys, values };
          await js.publish(`${tierSubject(this.environment, spec.name)}.${part}`, JSON.stringify(message), {
            msgID: `${this.environment}:${spec.name}:${epoch}:${part}`,
          });
          published++;
          part++;
          keys = [];
          values = [];
        };
        for (const key of this.store.keys()) {
          const b = this.store.bucket(spec.name, key, epoch);
          if (!b) continue;
          keys.push(key);
          values.push(b.min, b.max, b.sum, b.count, b.last);
          if (keys.length === PART_KEYS) await publishPart();
        }
        if (keys.length > 0) await publishPart();
      }
      this.persisted.set(spec.name, current - 1);
    }
    return published;
  }

  private load(message: BucketMessage): void {
    const { keys, values } = message;
    if (values.length !== keys.length * FIELDS) return;
    for (let i = 0; i < keys.length; i++) {
      const at = i * FIELDS;
      this.store.restore(message.tier, keys[i]!, {
        epoch: message.epoch,
        min: values[at]!,
        max: values[at + 1]!,
        sum: values[at + 2]!,
        count: values[at + 3]!,
        last: values[at + 4]!,
      });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
