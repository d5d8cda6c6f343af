import { describe, expect, it } from "vitest";
import { renderToolMetrics } from "@/lib/metrics/prometheus";
import { LATENCY_BUCKETS, ToolStats, type ConsumerView } from "./tool-stats";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function request(stats: ToolStats, tool: string, seq: number, id: string, t = T0) {
  stats.observeRequest({
    tool,
    stream: "REQ",
    seq,
    subject: `tools.execute.${tool}`,
    time: t,
    requestId: id,
    conversationId: `conv-${id}`,
    redriven: false,
  });
}

const consumer = (consumerSeq: number, streamSeq: number): ConsumerView => ({
  stream: "REQ",
  name: "worker-a",
  durable: true,
  internal: false,
  filterSubjects: ["tools.execute.a"],
  maxDeliver: 3,
  deliveredConsumerSeq: consumerSeq,
  deliveredStreamSeq: streamSeq,
});

describe("ToolStats", () => {
  it("pairs results with requests by request id, counts second results, and pairs a result read early", () => {
    const stats = new ToolStats();
    request(stats, "a", 1, "r1");
    stats.observeResult({ requestId: "r1", time: T0 + 250 });
    stats.observeResult({ requestId: "r1", time: T0 + 900 });
    stats.observeResult({ requestId: "r2", time: T0 + 400 }); // before its request
    request(stats, "a", 2, "r2", T0 + 100);
    const a = stats.tools.get("a")!;
    expect(stats.totals(a)).toMatchObject({ requests: 2, ok: 2, extraResults: 1, duplicates: 1 });
    const { sketch } = a.window.read(T0 + 1000);
    expect(sketch.count).toBe(2);
    expect(sketch.quantile(1)).toBe(300);
    expect(a.slowest.map((c) => c.latencyMs)).toEqual([300, 250]);
    expect(a.failed[0]).toMatchObject({ outcome: "duplicate", requestId: "r1" });
  });

  it("tells time queued from time in a worker: a poll that saw a request still waiting bounds its service time", () => {
    const stats = new ToolStats();
    const served = () => [stats.tools.get("a")!];
    request(stats, "a", 1, "queued", T0);
    request(stats, "a", 2, "prompt", T0 + 59_000);
    // The pool is away: polls up to T0 + 58 s see nothing delivered; by T0 + 60 s both requests were taken.
    for (let t = T0 + 2000; t <= T0 + 58_000; t += 2000) stats.observePoll(t, [consumer(0, 0)], served);
    stats.observePoll(T0 + 60_000, [consumer(2, 2)], served);
    stats.observeResult({ requestId: "queued", time: T0 + 61_000 });
    stats.observeResult({ requestId: "prompt", time: T0 + 61_500 });
    const { sketch, service } = stats.tools.get("a")!.window.read(T0 + 62_000);
    // Request → result: 61 s and 2.5 s. In a worker: at most 3 s (61 − 58) and 2.5 s (never seen waiting).
    expect(sketch.quantile(1)).toBeCloseTo(61_000, -2);
    expect(service.quantile(1)).toBeCloseTo(3000, -1);
    expect(service.quantile(0)).toBeCloseTo(2500, -1);
  });

  it("counts redeliveries from delivered.consumer_seq growth and subtracts those a NAK caused", () => {
    const stats = new ToolStats();
    const served = () => [stats.tools.get("a")!];
    request(stats, "a", 1, "r1");
    stats.observePoll(T0, [consumer(0, 0)], served);
    request(stats, "a", 2, "r2");
    request(stats, "a", 3, "r3");
    // 3 first deliveries, r1 NAKed and redelivered, r2 redelivered after ack wait, r3 NAKed at its last delivery.
    stats.observeAdvisory({ kind: "naked", stream: "REQ", seq: 1, deliveries: 1, maxDeliver: 3, time: T0 });
    stats.observeAdvisory({ kind: "naked", stream: "REQ", seq: 3, deliveries: 3, maxDeliver: 3, time: T0 });
    stats.observePoll(T0 + 1000, [consumer(5, 3)], served);
    const a = stats.tools.get("a")!;
    // Held back one poll, so a NAK racing its redelivery is already counted.
    expect(stats.totals(a).redeliveries).toBe(0);
    stats.observePoll(T0 + 2000, [consumer(5, 3)], served);
    expect(stats.totals(a)).toMatchObject({ redeliveries: 2, naked: 2, duplicates: 1 });
    expect(a.window.read(T0 + 2000).counts.duplicates).toBe(1);
  });

  it("waits until the request stream has been read up to the consumer's delivered sequence", () => {
    const stats = new ToolStats();
    const served = () => [stats.tools.get("a")!];
    request(stats, "a", 1, "r1");
    stats.observePoll(T0, [consumer(1, 1)], served);
    request(stats, "a", 2, "r2");
    // Delivered through seq 3, but seq 3 has not been read yet: nothing is counted, nothing forgotten.
    stats.observePoll(T0 + 1000, [consumer(3, 3)], served);
    request(stats, "a", 3, "r3");
    stats.observePoll(T0 + 2000, [consumer(3, 3)], served);
    stats.observePoll(T0 + 3000, [consumer(3, 3)], served);
    expect(stats.totals(stats.tools.get("a")!).redeliveries).toBe(0);
  });

  it("attributes terminations and max deliveries to the tool of the sequence, and renders /metrics", () => {
    const stats = new ToolStats();
    request(stats, "a", 7, "r7");
    stats.observeAdvisory({
      kind: "terminated",
      stream: "REQ",
      seq: 7,
      deliveries: 2,
      maxDeliver: 3,
      time: T0,
    });
    stats.observeAdvisory({
      kind: "max_deliveries",
      stream: "REQ",
      seq: 99,
      deliveries: 3,
      maxDeliver: 3,
      time: T0,
      fallbackTool: "b",
    });
    request(stats, "a", 8, "r8");
    stats.observeResult({ requestId: "r8", time: T0 + 1500 });
    expect(stats.totals(stats.tools.get("a")!)).toMatchObject({ terminated: 1, ok: 1 });
    expect(stats.totals(stats.tools.get("b")!)).toMatchObject({ maxDeliveries: 1 });
    const a = stats.tools.get("a")!;
    const text = renderToolMetrics([
      {
        environment: "prod",
        tool: "a",
        outcomes: { ok: 1, terminated: 1 },
        redeliveries: 0,
        latency: { bounds: LATENCY_BUCKETS, ...a.histogram },
      },
    ]);
    expect(text).toContain(
      'switchyard_tool_requests_total{environment="prod",tool="a",outcome="terminated"} 1',
    );
    expect(text).toContain('switchyard_tool_latency_seconds_bucket{environment="prod",tool="a",le="1"} 0');
    expect(text).toContain('switchyard_tool_latency_seconds_bucket{environment="prod",tool="a",le="2.5"} 1');
    expect(text).toContain('switchyard_tool_latency_seconds_bucket{environment="prod",tool="a",le="+Inf"} 1');
    expect(text).toContain('switchyard_tool_latency_seconds_sum{environment="prod",tool="a"} 1.5');
  });
});
