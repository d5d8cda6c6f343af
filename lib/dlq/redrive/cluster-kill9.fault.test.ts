// Fault suite (npm run test:faults): a 3-node nats-server cluster on loopback, every stream R3 (the target,
// SWITCHYARD_DLQ and the job bucket). One node is killed -9 and restarted at three points of a 10,000-entry redrive:
// the stream leader, the node Switchyard is connected to, the DLQ's leader. Counted by message id with our own reader:
// 0 lost, 0 delivered twice, nothing in doubt, the job done with true counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { waitFor } from "@/lib/testing/use-nats-server";
import { ADVISORY_STREAM, ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { CAPTURE_CONSUMER, DeadLetterCapture } from "@/lib/dlq/capture";
import { NatsCluster } from "@/lib/nats-server/nats-cluster";
import type { Actor } from "@/lib/core/actor";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { seedEntries } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";
import { pollJetStream } from "@/lib/collector/poll-jetstream";
import { summarizePoll } from "@/lib/collector/summarize";
import { evaluateHealth } from "@/lib/metrics/health-rules";
import { thresholdsFor } from "@/lib/metrics/health-thresholds";
import { RedriveRunner } from "./runner";
import { startRedrive } from "./start";
import { REDRIVE_BUCKET, type JobRecord } from "./store";

const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };
let cluster: NatsCluster;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  cluster = await NatsCluster.start(3);
  nc = await connect({ servers: cluster.servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  jsm = await jetstreamManager(nc, { checkAPI: false });
  // JetStream is usable once the cluster elected its meta leader.
  await waitFor(() => jsm.getAccountInfo().then(() => true), {
    what: "JetStream meta leader",
    timeoutMs: 30_000,
  });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
});

const leaderOf = async (stream: string) => (await jsm.streams.info(stream)).cluster?.leader ?? "";

describe("redrive on a 3-node cluster (R3) across kill -9 of one node", () => {
  it("10,000 entries, a node killed -9 and restarted at 1,000, 4,000 and 7,000 settled: 0 lost, 0 twice, none in doubt", async () => {
    const target = "CLUSTERT";
    await jsm.streams.add({
      name: target,
      subjects: ["clustert.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: 3,
      duplicate_window: nanos(10 * 60_000),
    });
    const seqs = await seedEntries(nc, target, 10_000);
    // On 3 nodes Switchyard makes its own streams and buckets R3 by itself.
    expect((await jsm.streams.info(OWN_DLQ_STREAM)).config.num_replicas).toBe(3);
    const runner = new RedriveRunner({
      connection: () => nc,
      manager: () => jetstreamManager(nc),
      apiPrefix: "$JS.API",
      leaseMs: 3000,
    }).start();
    const killed: string[] = [];
    try {
      const store = await runner.jobStore();
      expect((await jsm.streams.info(`KV_${REDRIVE_BUCKET}`)).config.num_replicas).toBe(3);
      // A bucket just created on 3 nodes takes writes once it has a leader and answers direct gets once its
      // replicas are up (the POST no longer spends a second reading entries first, which used to cover this).
      const leader = async () => Boolean((await jsm.streams.info(`KV_${REDRIVE_BUCKET}`)).cluster?.leader);
      await waitFor(async () => (await leader()) && (await store.get("probe").then(() => true)), {
        what: "job bucket ready",
        timeoutMs: 30_000,
      });
      const started = await startRedrive(
        {
          src: { nc, jsm, apiPrefix: "$JS.API" },
          store,
          poke: () => runner.poke(),
          defaults: { ratePerSecond: 0, afterRedrive: "delete" },
        },
        { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: target } } },
        actor,
      );
      if (!("job" in started)) throw new Error("expected a job");
      const id = started.job.id;
      const job = async (): Promise<JobRecord | undefined> =>
        (await store.get(id).catch(() => undefined))?.job;
      const victims = [
        () => leaderOf(target),
        async () => nc.info?.server_name ?? "",
        () => leaderOf(OWN_DLQ_STREAM),
      ];
      for (const [i, point] of [1000, 4000, 7000].entries()) {
        await waitFor(
          async () => {
            const j = await job();
            return j && j.done >= point;
          },
          { what: `${point} settled`, intervalMs: 5, timeoutMs: 90_000 },
        );
        const name = await victims[i]!();
        const node = cluster.nodes.find((n, k) => `n${k + 1}` === name)!;
        killed.push(`${name} at ${(await job())?.done ?? "?"}`);
        await node.kill9();
        await node.restart();
      }
      const done = await waitFor(async () => ((await job())?.state === "done" ? job() : undefined), {
        what: "job done",
        timeoutMs: 120_000,
      }).catch(async (error: unknown) => {
        const j = await job();
        throw new Error(
          `${String(error)}; job ${JSON.stringify({ ...j, ranges: undefined, fence: { ...j?.fence, kept: j?.fence?.kept.length } })}`,
        );
      });
      // Every replica has caught up before counting (a restarted node may still be applying).
      await waitFor(
        async () => {
          const info = await jsm.streams.info(target);
          return (info.cluster?.replicas ?? []).every((r) => r.current && !r.offline) && info.cluster?.leader;
        },
        { what: "target replicas current", timeoutMs: 30_000 },
      );
      const targetInfo = await jsm.streams.info(target);
      const inTarget: number[] = [];
      await readRange(nc, "$JS.API", { stream: target, startSeq: 1, headersOnly: true, batch: 5000 }, (m) => {
        const msgId = m.header?.get("Nats-Msg-Id") ?? "";
        if (msgId.startsWith("redrive")) inTarget.push(Number(msgId.split(":").pop()));
      });
      const inDlq: number[] = [];
      await readRange(
        nc,
        "$JS.API",
        { stream: OWN_DLQ_STREAM, startSeq: 1, filter: `switchyard.dlq.*.${target}.>`, headersOnly: true },
        (m) => void inDlq.push(m.seq),
      );
      const twice = inTarget.length - new Set(inTarget).size;
      const lost = seqs.filter((s) => !inTarget.includes(s) && !inDlq.includes(s));
      console.log(
        `FAULT cluster R3 kill -9 × 3 (${killed.join(", ")}): delivered ${new Set(inTarget).size}, twice ${twice}, lost ${lost.length}, in doubt ${done!.inDoubt ?? 0} (target stream: ${targetInfo.state.messages} msgs, last seq ${targetInfo.state.last_seq}), left in DLQ ${inDlq.length}; job moved ${done!.moved}, failed ${done!.failed}, skipped ${done!.skipped}`,
      );
      expect(twice).toBe(0);
      expect(lost).toEqual([]);
      expect(done!.inDoubt ?? 0).toBe(0);
      expect(inDlq).toEqual([]);
      expect(done!.moved).toBe(10_000);
    } finally {
      await runner.stop();
    }
  }, 300_000);

  it("capture: a node killed -9 while 5,000 max-deliveries advisories become entries, exactly one entry each", async () => {
    await ensureAdvisoryStream(jsm);
    expect((await jsm.streams.info(ADVISORY_STREAM)).config.num_replicas).toBe(3);
    await jsm.streams.add({
      name: "CLUSTERWQ",
      subjects: ["clusterwq.>"],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      num_replicas: 3,
    });
    const js = jetstream(nc);
    const count = 5000;
    const originals = await Promise.all(
      Array.from({ length: count }, (_, i) => js.publish(`clusterwq.job.${i}`, JSON.stringify({ n: i }))),
    );
    await Promise.all(
      originals.map((ack, i) =>
        js.publish(
          "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.CLUSTERWQ.workers",
          JSON.stringify({
            type: "io.nats.jetstream.advisory.v1.max_deliver",
            id: `cadv-${i}`,
            timestamp: new Date().toISOString(),
            stream: "CLUSTERWQ",
            consumer: "workers",
            stream_seq: ack.seq,
            deliveries: 5,
          }),
        ),
      ),
    );
    // This stream's entries only (state.messages would count the whole DLQ).
    const entries = async () =>
      Object.values(
        (await jsm.streams.info(OWN_DLQ_STREAM, { subjects_filter: "switchyard.dlq.*.CLUSTERWQ.>" })).state
          .subjects ?? {},
      ).reduce((sum, n) => sum + n, 0);
    const capture = new DeadLetterCapture({
      connection: () => nc,
      apiPrefix: "$JS.API",
      configuredDlqStreams: [],
      keepOriginalStreams: [],
      ackWaitMs: 2000,
    }).start();
    try {
      await waitFor(async () => (await entries()) >= 1000, {
        what: "capture under way",
        intervalMs: 5,
        timeoutMs: 60_000,
      });
      const victim = await leaderOf(OWN_DLQ_STREAM);
      const atKill = await entries();
      const node = cluster.nodes.find((n, k) => `n${k + 1}` === victim)!;
      await node.kill9();
      await node.restart();
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(ADVISORY_STREAM, CAPTURE_CONSUMER);
          return info.num_pending === 0 && info.num_ack_pending === 0 && (await entries()) >= count;
        },
        { what: "every advisory captured", timeoutMs: 120_000 },
      );
      const origins = new Map<number, number>();
      await readRange(
        nc,
        "$JS.API",
        { stream: OWN_DLQ_STREAM, startSeq: 1, filter: "switchyard.dlq.*.CLUSTERWQ.>", headersOnly: true },
        (m) => {
          const seq = Number(m.header?.get(DLQ_HEADERS.seq));
          origins.set(seq, (origins.get(seq) ?? 0) + 1);
        },
      );
      const twice = [...origins.values()].filter((n) => n > 1).length;
      const missing = originals.filter((a) => !origins.has(a.seq)).length;
      console.log(
        `FAULT cluster R3 kill -9 of ${victim} during capture (at ${atKill} entries): ${origins.size} entries for ${count} advisories, twice ${twice}, missing ${missing}`,
      );
      expect(twice).toBe(0);
      expect(missing).toBe(0);
      expect((await jsm.streams.info("CLUSTERWQ")).state.messages).toBe(0);
    } finally {
      await capture.stop();
    }
  }, 300_000);

  it("a node killed -9: the findings name it (each stream's replica there, and the node itself) while polls go on through the others; they clear once it is back", async () => {
    // The replica findings the collector would make from a poll (through whichever server the client is on).
    const replicaFindings = async () => {
      const poll = await pollJetStream(nc, "$JS.API");
      return evaluateHealth({
        connection: { name: "cluster", servers: cluster.servers, state: "connected", since: "" },
        streams: await summarizePoll(poll),
        deadLetterStreams: [OWN_DLQ_STREAM],
        thresholds: (s, c) => thresholdsFor(undefined, s, c),
        valueAgo: () => null,
      }).filter((f) => f.rule === "replica_unhealthy");
    };
    const replicated = (await pollJetStream(nc, "$JS.API")).streams.filter(
      (s) => s.config.num_replicas === 3,
    );
    expect(replicated.length).toBeGreaterThanOrEqual(4);
    // The node this client is on: the poll has to go on through the other two.
    const victim = nc.info?.server_name ?? "";
    const node = cluster.nodes.find((_, k) => `n${k + 1}` === victim)!;
    await node.kill9();
    let named: Awaited<ReturnType<typeof replicaFindings>>;
    try {
      named = await waitFor(
        async () => {
          const found = await replicaFindings().catch(() => []);
          return found.some((f) => f.id === `replica_unhealthy:node:${victim}`) ? found : undefined;
        },
        { what: `a finding naming ${victim}`, timeoutMs: 60_000 },
      );
    } finally {
      await node.restart();
    }
    const missing = named.find((f) => f.id === `replica_unhealthy:node:${victim}`)!;
    const perStream = named.filter((f) => f.id.endsWith(`:${victim}`) && f.id !== missing.id);
    console.log(
      `FAULT cluster R3 kill -9 of ${victim} (the client's server): "${missing.title}" (${missing.severity}); ${perStream.length} streams name it offline (${perStream.map((f) => f.where.stream).join(", ")}); polled through ${nc.info?.server_name}`,
    );
    expect(missing.severity).toBe("critical");
    expect(missing.title).toBe(`Node ${victim} is missing: its replicas are offline`);
    expect(perStream.length).toBeGreaterThan(0);
    for (const f of perStream)
      expect(f.title).toMatch(new RegExp(`^Replica of \\S+ on node ${victim} is offline$`));
    expect(nc.info?.server_name).not.toBe(victim);
    // Back and caught up: the findings clear.
    await waitFor(async () => (await replicaFindings().catch(() => [undefined])).length === 0, {
      what: "replica findings cleared",
      timeoutMs: 90_000,
    });
  }, 300_000);
});
