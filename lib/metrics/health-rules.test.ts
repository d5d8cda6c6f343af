import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "@/lib/dto/connection";
import type { ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import { evaluateHealth, type HealthInput } from "./health-rules";
import { DEFAULT_THRESHOLDS, thresholdResolver, thresholdsFor } from "./health-thresholds";

const connected: ConnectionStatus = {
  name: "t",
  servers: [],
  state: "connected",
  since: "2026-01-01T00:00:00Z",
};

function consumer(over: Partial<ConsumerSummary> = {}): ConsumerSummary {
  return {
    stream: "TOOLS",
    name: "worker",
    durable: true,
    internal: false,
    pull: true,
    filterSubjects: ["tools.a"],
    ackPolicy: "explicit",
    ackWaitSeconds: 30,
    maxDeliver: 5,
    backoffSeconds: [],
    deliverPolicy: "all",
    maxAckPending: 1000,
    numPending: 0,
    numAckPending: 0,
    numRedelivered: 0,
    numWaiting: 4,
    backlog: 0,
    ackFloorStreamSeq: 10,
    deliveredStreamSeq: 10,
    deliveredConsumerSeq: 10,
    lastActive: undefined,
    outRate: 1,
    redeliveryRate: 0,
    paused: false,
    idleSeconds: 1,
    etaSeconds: 0,
    oldestUnprocessedAgeSeconds: null,
    oldestUnprocessedSeq: null,
    stalledPolls: 0,
    advisories: null,
    ...over,
  };
}

function stream(
  over: Partial<StreamSummary> = {},
  consumers: ConsumerSummary[] = [consumer()],
): StreamSummary {
  return {
    name: "TOOLS",
    subjects: ["tools.>"],
    retention: "workqueue",
    storage: "file",
    replicas: 1,
    messages: 0,
    bytes: 0,
    firstSeq: 1,
    lastSeq: 10,
    consumerCount: consumers.length,
    limits: { maxMsgs: -1, maxBytes: -1, maxAgeSeconds: 0, discard: "old" },
    limitUse: { messages: null, bytes: null, age: null },
    subjectDepths: null,
    inRate: 1,
    consumers,
    ...over,
  };
}

function input(
  streams: StreamSummary[],
  history: Record<string, number> = {},
  over: Partial<HealthInput> = {},
): HealthInput {
  return {
    connection: connected,
    streams,
    deadLetterStreams: [],
    thresholds: (s, c) => thresholdsFor(undefined, s, c),
    valueAgo: (key, ago) => history[`${key}@${ago}`] ?? null,
    ...over,
  };
}

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort();

describe("evaluateHealth", () => {
  it("says nothing about a healthy system", () => {
    expect(evaluateHealth(input([stream()]))).toEqual([]);
  });

  it("flags an idle pool: no pullers, old message, stalled, growing backlog", () => {
    const c = consumer({
      numPending: 40,
      backlog: 40,
      numWaiting: 0,
      idleSeconds: 90,
      oldestUnprocessedAgeSeconds: 95,
      oldestUnprocessedSeq: 11,
      stalledPolls: 20,
      outRate: 0,
    });
    const window = DEFAULT_THRESHOLDS.backlogGrowingMinutes * 60_000;
    const history = { [`c:TOOLS/worker:backlog@${window}`]: 5, [`c:TOOLS/worker:backlog@${window / 2}`]: 20 };
    const findings = evaluateHealth(input([stream({ messages: 40 }, [c])], history));
    expect(rules(findings)).toEqual([
      "backlog_growing",
      "consumer_stalled",
      "no_active_pullers",
      "oldest_message_age",
    ]);
    const age = findings.find((f) => f.rule === "oldest_message_age")!;
    expect(age).toMatchObject({
      severity: "warning",
      value: 95,
      threshold: 60,
      unit: "s",
      where: { stream: "TOOLS", consumer: "worker" },
      href: "/streams/TOOLS/consumers/worker",
    });
  });

  it("treats ephemeral consumers as readers, not work queues", () => {
    const c = consumer({
      durable: false,
      numPending: 5,
      backlog: 5,
      numWaiting: 0,
      idleSeconds: 300,
      stalledPolls: 50,
      oldestUnprocessedAgeSeconds: 500,
      oldestUnprocessedSeq: 1,
      redeliveryRate: 9,
    });
    expect(evaluateHealth(input([stream({}, [c])]))).toEqual([]);
  });

  it("escalates very old messages to critical and honours per-consumer overrides", () => {
    const c = consumer({
      numPending: 1,
      backlog: 1,
      oldestUnprocessedAgeSeconds: 400,
      oldestUnprocessedSeq: 3,
    });
    expect(evaluateHealth(input([stream({}, [c])]))[0]!.severity).toBe("critical");
    const relaxed = input(
      [stream({}, [c])],
      {},
      {
        thresholds: (s, co) =>
          thresholdsFor(
            { overrides: [{ stream: "TOOLS", consumer: "worker", oldestAgeSeconds: 1000 }] },
            s,
            co,
          ),
      },
    );
    expect(evaluateHealth(relaxed)).toEqual([]);
  });

  it("flags redelivery storms, unconsumed streams and subjects, limits and dead letters", () => {
    const findings = evaluateHealth(
      input(
        [
          stream({}, [consumer({ redeliveryRate: 3 })]),
          stream({ name: "ORPHAN", messages: 5, consumerCount: 0 }, []),
          stream({
            name: "LOG",
            retention: "limits",
            messages: 9,
            subjectDepths: [{ subject: "log.x", messages: 9, consumers: 0 }],
          }),
          // Switchyard's own streams expect no reader: no "nobody consumes" / "no consumer reads" about them.
          stream({
            name: "SWITCHYARD_TRACE_TAP",
            retention: "limits",
            messages: 9,
            subjectDepths: [{ subject: "switchyard.tap.X.a", messages: 9, consumers: 0 }],
          }),
          stream(
            { name: "KV_SWITCHYARD_REDRIVE_JOBS", retention: "interest", messages: 3, consumerCount: 0 },
            [],
          ),
          stream({
            name: "FULL",
            retention: "limits",
            limitUse: { messages: 0.97, bytes: 0.5, age: null },
            limits: { maxMsgs: 100, maxBytes: 10, maxAgeSeconds: 0, discard: "new" },
          }),
          stream({ name: "DEAD_LETTERS", retention: "limits", lastSeq: 12 }, []),
        ],
        { [`s:DEAD_LETTERS:lastSeq@${DEFAULT_THRESHOLDS.deadLetterWindowMinutes * 60_000}`]: 10 },
      ),
    );
    expect(rules(findings)).toEqual([
      "dead_letters_arriving",
      "no_consumer_for_stream",
      "no_consumer_for_subject",
      "redelivery_rate",
      "stream_near_limit",
    ]);
    expect(findings.find((f) => f.rule === "stream_near_limit")).toMatchObject({
      severity: "critical",
      detail: expect.stringContaining("rejected"),
    });
    expect(findings.find((f) => f.rule === "no_consumer_for_subject")).toMatchObject({
      severity: "info",
      where: { subject: "log.x" },
    });
    expect(findings.find((f) => f.rule === "dead_letters_arriving")?.value).toBe(2);
  });

  it("a dead-letter stream near or at its limits: critical when full with discard new", () => {
    const dlq = (name: string, use: number, discard: "new" | "old") =>
      stream(
        {
          name,
          retention: "limits",
          limitUse: { messages: null, bytes: use, age: null },
          limits: { maxMsgs: -1, maxBytes: 1000, maxAgeSeconds: 0, discard },
        },
        [],
      );
    const findings = evaluateHealth(
      input([dlq("SWITCHYARD_DLQ", 1, "new"), dlq("ORDERS_DLQ", 0.85, "new"), dlq("APP_DLQ", 0.85, "old")]),
    ).filter((f) => f.rule === "stream_near_limit");
    expect(findings.map((f) => [f.where.stream, f.severity])).toEqual([
      ["SWITCHYARD_DLQ", "critical"],
      ["ORDERS_DLQ", "warning"],
      ["APP_DLQ", "warning"],
    ]);
    expect(findings[0]).toMatchObject({
      title: "Dead-letter stream SWITCHYARD_DLQ is at 100% of its bytes limit",
      detail: expect.stringContaining("new dead letters are refused"),
      href: "/dead-letters",
    });
    expect(findings[2]!.detail).toContain("the oldest dead letters are dropped unseen");
  });

  it("reports NATS unreachable first", () => {
    const findings = evaluateHealth(
      input([], {}, { connection: { ...connected, state: "reconnecting", lastError: "connection refused" } }),
    );
    expect(findings[0]).toMatchObject({
      rule: "nats_unreachable",
      severity: "critical",
      detail: expect.stringContaining("connection refused"),
    });
  });

  it("a killed node: its replicas (silent, as 2.9 reports them, never `offline`) are offline and the node is named", () => {
    const replica = (name: string, activeSeconds: number, over = {}) => ({
      name,
      current: true,
      offline: false,
      lag: 0,
      activeSeconds,
      ...over,
    });
    const replicated = (name: string, leader: string, replicas: ReturnType<typeof replica>[]) =>
      stream({ name, replicas: 3, cluster: { name: "c", leader, replicas } }, []);
    const streams = [
      // n3 killed 13 s ago; n2 behind in one stream only.
      replicated("ORDERS", "n2", [replica("n1", 0.05), replica("n3", 13, { current: false })]),
      replicated("SWITCHYARD_DLQ", "n1", [replica("n2", 0.1, { lag: 5000 }), replica("n3", 13)]),
    ];
    const findings = evaluateHealth(input(streams)).filter((f) => f.rule === "replica_unhealthy");
    expect(findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      ["replica_unhealthy:ORDERS:n3", "critical", "Replica of ORDERS on node n3 is offline"],
      ["replica_unhealthy:SWITCHYARD_DLQ:n2", "warning", "Replica of SWITCHYARD_DLQ on node n2 is behind"],
      ["replica_unhealthy:SWITCHYARD_DLQ:n3", "critical", "Replica of SWITCHYARD_DLQ on node n3 is offline"],
      ["replica_unhealthy:node:n3", "critical", "Node n3 is missing: its replicas are offline"],
    ]);
    expect(findings[0]!.detail).toMatch(
      /^Leader n2 has not heard from node n3 for 13\Ws: the node is down or cut off\. ORDERS runs on 2 of 3 replicas \(it still has a quorum\)\.$/,
    );
    expect(findings[3]!.detail).toContain("its replicas of 2 streams are offline (ORDERS, SWITCHYARD_DLQ)");
    // Back and caught up: nothing.
    const healed = [replicated("ORDERS", "n2", [replica("n1", 0.05), replica("n3", 0.2)])];
    expect(evaluateHealth(input(healed))).toEqual([]);
  });

  it("resolves thresholds as thresholdsFor does, sharing one object where no override applies", () => {
    const config = {
      oldestAgeSeconds: 120,
      overrides: [
        { stream: "TOOLS", idleSeconds: 5 },
        { stream: "TOOLS", consumer: "worker", oldestAgeSeconds: 1000 },
        { stream: "ORDERS", consumer: "billing", stalledPolls: 3 },
      ],
    };
    const resolve = thresholdResolver(config);
    const cases: [string?, string?][] = [
      [],
      ["TOOLS"],
      ["TOOLS", "worker"],
      ["TOOLS", "other"],
      ["ORDERS"],
      ["ORDERS", "billing"],
      ["ORDERS", "other"],
      ["ELSE", "worker"],
    ];
    for (const [streamName, consumerName] of cases)
      expect(resolve(streamName, consumerName)).toEqual(thresholdsFor(config, streamName, consumerName));
    expect(resolve("ELSE", "a")).toBe(resolve("OTHER", "b"));
    expect(thresholdResolver(undefined)("ANY", "one")).toEqual(DEFAULT_THRESHOLDS);
  });
});
