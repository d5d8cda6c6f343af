// Fault suite (npm run test:faults): kill -9 of a single nats-server (R1) at three points of a 10,000-entry redrive.
// The test counts with its own reader or consumer, by message id: nothing lost, nothing delivered twice unless an
// operator chose it, the job's counts true; what a restarted server cannot prove is listed in doubt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { waitFor } from "@/lib/testing/use-nats-server";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import type { Actor } from "@/lib/core/actor";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { createTarget, seedEntries } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";
import { resolveInDoubt } from "./in-doubt";
import { RedriveRunner } from "./runner";
import { startRedrive } from "./start";
import type { JobRecord, RedriveStore } from "./store";

const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

let server: NatsServerProcess;
let nc: NatsConnection;

beforeAll(async () => {
  server = await NatsServerProcess.start();
  nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

const src = async () => ({ nc, jsm: await jetstreamManager(nc), apiPrefix: "$JS.API" });
const dlqSeqOf = (msgId: string | undefined) =>
  msgId?.startsWith("redrive") ? Number(msgId.split(":").pop()) : undefined;

async function leftInDlq(target: string): Promise<number[]> {
  const seqs: number[] = [];
  await readRange(
    nc,
    "$JS.API",
    { stream: OWN_DLQ_STREAM, startSeq: 1, filter: `switchyard.dlq.*.${target}.>`, headersOnly: true },
    (m) => void seqs.push(m.seq),
  );
  return seqs;
}

/** Starts a redrive of every entry of `target` and kills nats-server -9 (then restarts it) at each point. */
async function redriveWithKills(
  target: string,
  points: number[],
): Promise<{ job: JobRecord; store: RedriveStore; killedAt: number[] }> {
  const runner = new RedriveRunner({
    connection: () => nc,
    manager: () => jetstreamManager(nc),
    apiPrefix: "$JS.API",
    leaseMs: 2000,
  }).start();
  try {
    const store = await runner.jobStore();
    const started = await startRedrive(
      {
        src: await src(),
        store,
        poke: () => runner.poke(),
        defaults: { ratePerSecond: 0, afterRedrive: "delete" },
      },
      { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: target } } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const id = started.job.id;
    // A read sent while NATS is away would wait out its 5 s timeout while the job, back on the server, runs past
    // the next point: give up on it after 250 ms and ask again.
    const job = async (): Promise<JobRecord | undefined> =>
      (
        await Promise.race([
          store.get(id).catch(() => undefined),
          new Promise<undefined>((resolve) => setTimeout(resolve, 250)),
        ])
      )?.job;
    const killedAt: number[] = [];
    for (const point of points) {
      const at = await waitFor(
        async () => {
          const j = await job();
          return j && j.done >= point ? j : undefined;
        },
        { what: `${point} settled`, intervalMs: 2, timeoutMs: 60_000 },
      );
      expect(at.state).toBe("running"); // really mid-job
      killedAt.push(at.done);
      await server.kill9();
      await server.restart();
    }
    const done = await waitFor(async () => ((await job())?.state === "done" ? job() : undefined), {
      what: "job done",
      timeoutMs: 90_000,
    });
    return { job: done!, store, killedAt };
  } finally {
    await runner.stop();
  }
}

describe("redrive across kill -9 of nats-server (R1, file storage)", () => {
  it("into a limits stream, killed -9 at 1,000, 4,000 and 7,000 settled: 0 lost, 0 twice, none in doubt, counts true", async () => {
    const target = "K9LIM";
    await createTarget(nc, target);
    const seqs = await seedEntries(nc, target, 10_000);
    const { job, killedAt } = await redriveWithKills(target, [1000, 4000, 7000]);
    const inTarget: number[] = [];
    await readRange(nc, "$JS.API", { stream: target, startSeq: 1, headersOnly: true, batch: 5000 }, (m) => {
      const seq = dlqSeqOf(m.header?.get("Nats-Msg-Id"));
      if (seq !== undefined) inTarget.push(seq);
    });
    const inDlq = await leftInDlq(target);
    const twice = inTarget.length - new Set(inTarget).size;
    const lost = seqs.filter((s) => !inTarget.includes(s) && !inDlq.includes(s));
    console.log(
      `FAULT nats kill -9 × 3 (limits target): killed at ${killedAt.join(", ")} settled; delivered ${new Set(inTarget).size}, twice ${twice}, lost ${lost.length}, in doubt ${job.inDoubt ?? 0}; job moved ${job.moved}, failed ${job.failed}, skipped ${job.skipped}`,
    );
    expect(twice).toBe(0);
    expect(lost).toEqual([]);
    expect(job.inDoubt ?? 0).toBe(0); // a limits target keeps what it got: every entry can be proven
    expect(job.moved).toBe(new Set(inTarget).size); // progress counts what really arrived
    expect(inDlq).toEqual([]);
  }, 240_000);

  it("into a work queue being consumed, killed -9 at 1,000, 4,000 and 7,000 settled: 0 lost, 0 twice, the unprovable listed in doubt", async () => {
    const target = "K9WQ";
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: target,
      subjects: ["k9wq.>"],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(10 * 60_000),
    });
    await jsm.consumers.add(target, {
      durable_name: "counter",
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(2000),
      max_ack_pending: 20_000,
    });
    const seqs = await seedEntries(nc, target, 10_000);
    // Our own consumer: each redrive message id and the target sequences it arrived at (a redelivery of the same
    // stored message after the restart is one sequence; a second publish would be another).
    const seen = new Map<number, Set<number>>();
    const consuming = { on: true };
    const consumer = (async () => {
      const c = await jetstream(nc).consumers.get(target, "counter");
      while (consuming.on) {
        try {
          for await (const m of await c.fetch({ max_messages: 1000, expires: 1000 })) {
            const seq = dlqSeqOf(m.headers?.get("Nats-Msg-Id"));
            if (seq !== undefined) seen.set(seq, (seen.get(seq) ?? new Set()).add(m.seq));
            m.ack();
          }
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100)); // the server is restarting
        }
      }
    })();
    try {
      const { job, store, killedAt } = await redriveWithKills(target, [1000, 4000, 7000]);
      const inDoubt = job.inDoubtSeqs ?? [];
      expect(inDoubt.length).toBe(job.inDoubt ?? 0);
      // The operator's decision, made with what the consumer saw: mark what arrived, send what did not.
      const arrived = inDoubt.filter((seq) => seen.has(seq));
      const missing = inDoubt.filter((seq) => !seen.has(seq));
      if (arrived.length > 0)
        await resolveInDoubt(await src(), store, job.id, { action: "mark", seqs: arrived }, actor);
      if (missing.length > 0)
        await resolveInDoubt(await src(), store, job.id, { action: "send", seqs: missing }, actor);
      const after = (await store.get(job.id))!.job;
      expect(after.inDoubt ?? 0).toBe(0);
      expect(after.inDoubtSeqs ?? []).toEqual([]);
      await waitFor(async () => (await jsm.consumers.info(target, "counter")).num_pending === 0, {
        what: `consumer caught up (${seen.size} seen, ${JSON.stringify(await jsm.consumers.info(target, "counter").then((i) => [i.num_pending, i.num_ack_pending, i.delivered, i.ack_floor]))})`,
        timeoutMs: 30_000,
      });
      await waitFor(async () => (await jsm.consumers.info(target, "counter")).num_ack_pending === 0, {
        what: "every delivery acknowledged",
        timeoutMs: 30_000,
      });
      const inDlq = await leftInDlq(target);
      const twice = [...seen.values()].filter((at) => at.size > 1).length;
      const lost = seqs.filter((s) => !seen.has(s) && !inDlq.includes(s));
      console.log(
        `FAULT nats kill -9 × 3 (work-queue target, consumed): killed at ${killedAt.join(", ")} settled; delivered ${seen.size}, twice ${twice}, lost ${lost.length}, in doubt ${inDoubt.length} (${arrived.length} had arrived → marked, ${missing.length} had not → sent); job moved ${after.moved}, failed ${after.failed}, skipped ${after.skipped}`,
      );
      expect(twice).toBe(0);
      expect(lost).toEqual([]);
      expect(inDlq).toEqual([]);
      expect(after.moved).toBe(seen.size);
    } finally {
      consuming.on = false;
      await consumer;
    }
  }, 300_000);
});
