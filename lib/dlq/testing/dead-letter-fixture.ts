// Test helper: a work-queue stream whose consumer dead-letters messages on demand (max deliveries or terminate).
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JsMsg,
} from "@nats-io/jetstream";
import { headers, nanos, type NatsConnection } from "@nats-io/transport-node";
import { ADVISORY_STREAM, ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { ensureOwnDlqStream } from "@/lib/dlq/entries";

export type Fixture = { stream: string; consumer: string; subject: (n: number) => string };

export async function createWorkQueue(nc: NatsConnection, stream: string, maxDeliver = 2): Promise<Fixture> {
  const jsm = await jetstreamManager(nc);
  await ensureAdvisoryStream(jsm);
  await ensureOwnDlqStream(jsm);
  await jsm.streams.add({
    name: stream,
    subjects: [`${stream.toLowerCase()}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  });
  await jsm.consumers.add(stream, {
    durable_name: "workers",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(500),
    max_deliver: maxDeliver,
  });
  return { stream, consumer: "workers", subject: (n) => `${stream.toLowerCase()}.job.${n}` };
}

export async function publishJobs(
  nc: NatsConnection,
  f: Fixture,
  count: number,
  from = 0,
): Promise<number[]> {
  const js = jetstream(nc);
  const seqs: number[] = [];
  for (let i = from; i < from + count; i++) {
    const h = headers();
    h.set("Conversation-Id", `conv-${i % 5}`);
    h.set("Nats-Msg-Id", `job-${f.stream}-${i}`);
    seqs.push(
      (
        await js.publish(f.subject(i), JSON.stringify({ n: i, conversation_id: `conv-${i % 5}` }), {
          headers: h,
        })
      ).seq,
    );
  }
  return seqs;
}

/** Pulls and handles messages until `done` says so: every delivery goes to `decide`. */
export async function work(
  nc: NatsConnection,
  f: Fixture,
  decide: (msg: JsMsg) => "nak" | "term" | "ack" | Promise<"nak" | "term" | "ack">,
  done: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const consumer = await jetstream(nc).consumers.get(f.stream, f.consumer);
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("work: timed out");
    const messages = await consumer.fetch({ max_messages: 100, expires: 1000 });
    for await (const m of messages) {
      const action = await decide(m);
      if (action === "ack") m.ack();
      else if (action === "term") m.term();
      else m.nak();
    }
  }
}

export async function advisoryCount(nc: NatsConnection, subject: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(ADVISORY_STREAM, { subjects_filter: subject });
  return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
}
