import { describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { Collector } from "./collector";
import { pollJetStream } from "./poll-jetstream";

describe("collector", () => {
  const suite = useNatsServer();

  it("derives consumer figures exactly: pending, ack pending, redelivered, backlog", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "JOBS", subjects: ["jobs.>"] });
    await jsm.consumers.add("JOBS", {
      durable_name: "workers",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "jobs.a",
      ack_wait: 60_000_000_000,
    });
    await jsm.consumers.add("JOBS", {
      durable_name: "idle",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "jobs.b",
    });
    const js = jetstream(nc);
    for (let i = 0; i < 10; i++) await js.publish("jobs.a", `a${i}`);
    for (let i = 0; i < 4; i++) await js.publish("jobs.b", `b${i}`);
    const consumer = await js.consumers.get("JOBS", "workers");
    // Take 3: ack 1, nak 1 (redelivered at once), leave 1 unacked.
    const batch = await consumer.fetch({ max_messages: 3, expires: 2000 });
    const msgs = [];
    for await (const m of batch) msgs.push(m);
    expect(msgs).toHaveLength(3);
    await msgs[0]!.ackAck();
    msgs[1]!.nak();
    // The NAK must reach the server before the next pull, or the pull may get a fresh message first.
    await nc.flush();
    const redelivered = await consumer.next({ expires: 2000 });
    expect(redelivered?.info.redelivered).toBe(true);

    const connection = new EnvironmentConnection({
      name: "t",
      servers: [suite().server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 60_000 });
    try {
      await collector.tick();
      const stream = collector.latest().streams.find((s) => s.name === "JOBS")!;
      expect(stream).toMatchObject({
        messages: 14,
        consumerCount: 2,
        subjects: ["jobs.>"],
        retention: "limits",
      });
      const workers = stream.consumers.find((c) => c.name === "workers")!;
      // 10 published, 3 distinct delivered (one redelivered), 1 acked → 7 pending, 2 ack pending.
      expect(workers).toMatchObject({
        numPending: 7,
        numAckPending: 2,
        numRedelivered: 1,
        backlog: 9,
        ackFloorStreamSeq: 1,
        filterSubjects: ["jobs.a"],
      });
      const idle = stream.consumers.find((c) => c.name === "idle")!;
      expect(idle).toMatchObject({ numPending: 4, numAckPending: 0, backlog: 4 });
      expect(stream.inRate).toBeNull();

      // Rates need two polls.
      for (let i = 0; i < 5; i++) await js.publish("jobs.a", `more${i}`);
      await collector.tick();
      const again = collector.latest().streams.find((s) => s.name === "JOBS")!;
      expect(again.inRate).toBeGreaterThan(0);
      expect(again.consumers.find((c) => c.name === "workers")!.numPending).toBe(12);
    } finally {
      collector.stop();
      await connection.stop();
    }
  });

  it("costs one STREAM.LIST page per 256 streams plus one CONSUMER.LIST per stream with consumers", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    for (const s of await jsm.streams.names().next()) await jsm.streams.delete(s);
    for (let i = 0; i < 300; i++)
      await jsm.streams.add({ name: `S${i}`, subjects: [`s${i}.>`], storage: "memory" as never });
    for (let i = 0; i < 5; i++)
      await jsm.consumers.add(`S${i}`, { durable_name: "c", ack_policy: AckPolicy.Explicit });
    const poll = await pollJetStream(nc, "$JS.API");
    expect(poll.streams).toHaveLength(300);
    expect(poll.requests).toBe(2 + 5);
    expect([...poll.consumers.values()].flat()).toHaveLength(5);
  });

  it("measures oldest unprocessed age, stalls, consumers per subject and redelivery rate exactly", async () => {
    const { nc, server } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "AGES", subjects: ["ages.>"], retention: "workqueue" as never });
    await jsm.consumers.add("AGES", {
      durable_name: "a-workers",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "ages.a",
    });
    await jsm.consumers.add("AGES", {
      durable_name: "b-workers",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "ages.b",
    });
    // One of Switchyard's own readers (trace tails are named like this): not a reader of ages.c for on-call.
    await jsm.consumers.add("AGES", {
      durable_name: "switchyard_trace_test",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "ages.c",
    });
    const js = jetstream(nc);
    await js.publish("ages.b", "b0");
    const firstA = await js.publish("ages.a", "a0");
    await js.publish("ages.a", "a1");
    await js.publish("ages.c", "nobody reads c");
    const connection = new EnvironmentConnection({
      name: "t",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 60_000 });
    try {
      await collector.tick();
      const stored = await jsm.streams.getMessage("AGES", { seq: firstA.seq });
      const polledAt = Date.parse(collector.latest().poll.polledAt!);
      let stream = collector.latest().streams.find((s) => s.name === "AGES")!;
      let a = stream.consumers.find((c) => c.name === "a-workers")!;
      expect(a.oldestUnprocessedSeq).toBe(firstA.seq);
      expect(a.oldestUnprocessedAgeSeconds).toBeCloseTo((polledAt - stored!.time.getTime()) / 1000, 2);
      expect(stream.subjectDepths).toEqual([
        { subject: "ages.a", messages: 2, consumers: 1 },
        { subject: "ages.b", messages: 1, consumers: 1 },
        { subject: "ages.c", messages: 1, consumers: 0 },
      ]);
      expect(collector.latest().findings.map((f) => f.id)).toContain("no_consumer_for_subject:AGES:ages.c");
      expect(stream.consumers.find((c) => c.name === "switchyard_trace_test")?.internal).toBe(true);

      // Nothing acks: the floor stays, so the stall count grows by one per poll and the age request is cached.
      const before = collector.latest().poll.requests!;
      await collector.tick();
      await collector.tick();
      stream = collector.latest().streams.find((s) => s.name === "AGES")!;
      a = stream.consumers.find((c) => c.name === "a-workers")!;
      expect(a.stalledPolls).toBe(2);
      expect(collector.latest().poll.requests).toBeLessThan(before);

      // Nak until the first message is on its third delivery (delivery order after a nak is the server's
      // choice), then ack it: the floor moves and the oldest unprocessed is now the second message.
      const consumer = await js.consumers.get("AGES", "a-workers");
      for (;;) {
        const m = await consumer.next({ expires: 5000 });
        if (!m) continue;
        if (m.seq === firstA.seq && m.info.deliveryCount === 3) {
          await m.ackAck();
          break;
        }
        m.nak();
      }
      await collector.tick();
      stream = collector.latest().streams.find((s) => s.name === "AGES")!;
      a = stream.consumers.find((c) => c.name === "a-workers")!;
      expect(a.oldestUnprocessedSeq).toBe(firstA.seq + 1);
      expect(a.stalledPolls).toBe(0);
      expect(a.backlog).toBe(1);
      const seconds = (Date.parse(collector.latest().poll.polledAt!) - polledAt) / 1000;
      expect(seconds).toBeGreaterThan(0);
    } finally {
      collector.stop();
      await connection.stop();
    }
  });
  it("keeps the last data, marked stale with the reason, while NATS is down", async () => {
    const { server } = suite();
    const connection = new EnvironmentConnection({
      name: "t",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 60_000 });
    try {
      await collector.tick();
      const before = collector.latest();
      expect(before.poll.stale).toBe(false);
      await server.halt();
      await waitFor(() => connection.status().state !== "connected");
      await collector.tick();
      const during = collector.latest();
      expect(during.poll.stale).toBe(true);
      expect(during.poll.error).toMatch(/NATS unreachable/);
      expect(during.streams).toEqual(before.streams);
      expect(during.poll.polledAt).toBe(before.poll.polledAt);
      await server.restart();
      await waitFor(() => connection.status().state === "connected", { timeoutMs: 15_000 });
      await collector.tick();
      expect(collector.latest().poll.stale).toBe(false);
    } finally {
      collector.stop();
      await connection.stop();
      if (!server.running) await server.restart();
    }
  });
});
