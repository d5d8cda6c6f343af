import { afterEach, describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { Collector } from "@/lib/collector/collector";
import { ensureAdvisoryStream } from "@/lib/advisories/advisory-stream";
import { addFindingSource } from "@/lib/metrics/finding-sources";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { DEFAULT_ORIGIN_HEADERS } from "@/lib/dlq/entries";
import { traceSettings } from "@/lib/keys/key-rules";
import { NO_FAILURES, planConversation, Simulator, type ToolProfile } from "@/lib/simulator";
import { toolSettings } from "./settings";
import { ToolMonitor } from "./tool-monitor";
import type { ToolsConfig } from "@/lib/config/tools-schema";
import type { TracesSettings } from "@/lib/config/schema";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function watch(url: string, name: string, tools: ToolsConfig, traces: TracesSettings = {}) {
  const connection = new EnvironmentConnection({ name, servers: [url], deadLetterStreams: [] }).start();
  await waitFor(() => connection.status().state === "connected");
  const collector = new Collector(connection, { intervalMs: 3_600_000 });
  const monitor = new ToolMonitor(connection, toolSettings(tools, traceSettings(traces)), {
    deadLetterStreams: [],
    originHeaders: () => DEFAULT_ORIGIN_HEADERS,
    history: new SeriesStore(defaultTiers(1000)),
  });
  collector.subscribe((overview) => monitor.onPoll(overview));
  const removeSource = addFindingSource(name, () => monitor.currentFindings());
  cleanups.push(async () => {
    removeSource();
    monitor.stop();
    collector.stop();
    await connection.stop();
  });
  return { connection, collector, monitor };
}

/** Discovers the streams and waits until every tail has caught up. */
async function caughtUp(monitor: ToolMonitor, sources: number) {
  await waitFor(
    async () => {
      await monitor.discover();
      const list = monitor.latest().sources;
      return list.length >= sources && list.every((s) => s.state === "current");
    },
    { what: `${sources} current tool sources` },
  );
}

describe("tool monitor", () => {
  const suite = useNatsServer();

  it("counts each call of a tool slower than its ack wait as one duplicate execution, and finds it", async () => {
    const { nc, server } = suite();
    await ensureAdvisoryStream(await jetstreamManager(nc));
    const fast: ToolProfile[] = ["crm_lookup", "web_search"].map((name) => ({
      name,
      latencyMs: [5, 20],
      failures: NO_FAILURES,
    }));
    const sim = await Simulator.start(nc, {
      seed: 11,
      conversationsPerMinute: 0,
      tools: fast,
      storage: "memory",
      // 2 s ack wait, calls of 3 s: a second of slack on both sides (redelivery after 2 s, first ack before 4 s).
      ackWaitMs: 2000,
      maxDeliver: 5,
      // Two workers per call in flight (the first still running, the one handed the redelivery).
      workersPerTool: 8,
      slowTool: { tool: "crm_lookup", ackWaitShare: 1.5 },
    });
    cleanups.push(() => sim.stop());
    const { collector, monitor } = await watch(server.url, "slow", { minCalls: 1 });
    await caughtUp(monitor, 3); // the tap, the results, the advisories
    await collector.tick(); // the consumers' starting counters

    const conversations = 4;
    const plans = Array.from({ length: conversations }, (_, i) => planConversation(11, i, sim.toolNames));
    const crmCalls = plans.flatMap((p) => p.calls).filter((c) => c.tool === "crm_lookup").length;
    const webCalls = plans.flatMap((p) => p.calls).length - crmCalls;
    expect(crmCalls).toBeGreaterThan(0);
    expect(webCalls).toBeGreaterThan(0);
    for (let i = 0; i < conversations; i++) {
      await sim.startConversation();
      await waitFor(() => sim.stats.conversationsCompleted === i + 1, {
        what: `conversation ${i + 1} done`,
        timeoutMs: 20_000,
      });
    }
    // The second executions end ~1 s after the results: wait until nothing is in flight any more.
    const crm = () => monitor.latest().tools.find((t) => t.tool === "crm_lookup");
    await waitFor(
      async () => {
        await collector.tick();
        return crm()?.inFlight === 0 && crm()?.total.duplicates === crmCalls;
      },
      { what: `${crmCalls} duplicate executions of crm_lookup`, timeoutMs: 30_000 },
    );
    // Exact, and stays exact over further polls.
    for (let i = 0; i < 3; i++) await collector.tick();
    const row = crm()!;
    expect(row.total).toMatchObject({
      requests: crmCalls,
      ok: crmCalls,
      naked: 0,
      redeliveries: crmCalls,
      duplicates: crmCalls,
      extraResults: 0,
    });
    expect(row.latency.samples).toBe(crmCalls);
    expect(row.latency.p50!).toBeGreaterThanOrEqual(3000);
    expect(row.ackWaitSeconds).toBe(2);
    const web = monitor.latest().tools.find((t) => t.tool === "web_search");
    expect(web?.total).toMatchObject({ requests: webCalls, ok: webCalls, duplicates: 0 });

    const findings = collector.latest().findings.filter((f) => f.where.tool === "crm_lookup");
    expect(findings.map((f) => f.rule).sort()).toEqual([
      "tool_duplicate_executions",
      "tool_latency_near_ack_wait",
    ]);
    expect(findings.find((f) => f.rule === "tool_latency_near_ack_wait")).toMatchObject({
      severity: "critical",
      href: "/tools/crm_lookup",
    });
    expect(findings.find((f) => f.rule === "tool_duplicate_executions")?.value).toBe(crmCalls);
    expect(collector.latest().findings.some((f) => f.where.tool === "web_search")).toBe(false);
  });

  it("does not call a backlog drained after an outage a tool near its ack wait", async () => {
    const { nc, server } = suite();
    const jsm = await jetstreamManager(nc);
    await ensureAdvisoryStream(jsm);
    await jsm.streams.add({ name: "QUEUED_CALLS", subjects: ["queued.calls.>"] });
    await jsm.streams.add({ name: "QUEUED_REPLIES", subjects: ["queued.replies.>"] });
    await jsm.consumers.add("QUEUED_CALLS", {
      durable_name: "queued-workers",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "queued.calls.>",
      ack_wait: 2_000_000_000,
      max_deliver: 3,
    });
    const { collector, monitor } = await watch(
      server.url,
      "queued",
      { minCalls: 1 },
      {
        requestIdHeaders: ["X-Call-Id"],
        keyRules: [
          { subjects: "queued.replies.*", key: { subjectToken: 3 }, role: "result" },
          {
            subjects: "queued.calls.*",
            key: { header: ["X-Session"] },
            tool: { subjectToken: 3 },
            role: "request",
          },
        ],
      },
    );
    await caughtUp(monitor, 3);
    await collector.tick();
    const js = jetstream(nc);
    const published = Date.now();
    for (let i = 0; i < 5; i++) {
      const h = natsHeaders();
      h.set("X-Call-Id", `q${i}`);
      h.set("X-Session", "s-1");
      await js.publish("queued.calls.geocode", JSON.stringify({ i }), { headers: h });
    }
    // No worker for 3 s (past the 2 s ack wait); the polls see the calls waiting.
    await waitFor(
      async () => {
        await collector.tick();
        return Date.now() - published >= 3000;
      },
      { what: "3 s of polls with the calls waiting", timeoutMs: 10_000 },
    );
    // The pool is back: each call takes a worker a moment, well inside the ack wait.
    const consumer = await js.consumers.get("QUEUED_CALLS", "queued-workers");
    for (let i = 0; i < 5; i++) {
      const msg = (await consumer.next({ expires: 2000 }))!;
      const h = natsHeaders();
      h.set("X-Call-Id", msg.headers!.get("X-Call-Id"));
      await js.publish("queued.replies.s-1", "{}", { headers: h });
      msg.ack();
    }
    const geocode = () => monitor.latest().tools.find((t) => t.tool === "geocode");
    await waitFor(
      async () => {
        await collector.tick();
        return geocode()?.total.ok === 5;
      },
      { what: "the 5 results", timeoutMs: 15_000 },
    );
    await collector.tick();
    const row = geocode()!;
    // Answered after 3 s or more (past the ack wait), of which the workers spent at most a poll's worth.
    expect(row.latency.p50!).toBeGreaterThanOrEqual(3000);
    expect(row.latency.serviceP95!).toBeLessThan(1500);
    const rules = collector
      .latest()
      .findings.filter((f) => f.where.tool === "geocode")
      .map((f) => f.rule);
    expect(rules).not.toContain("tool_latency_near_ack_wait");
  });

  it("works on another layout: tool from a header, another request-id header, results on other subjects", async () => {
    const { nc, server } = suite();
    const jsm = await jetstreamManager(nc);
    await ensureAdvisoryStream(jsm);
    await jsm.streams.add({ name: "AGENT_CALLS", subjects: ["agent.calls.>"] });
    await jsm.streams.add({ name: "AGENT_REPLIES", subjects: ["agent.replies.>"] });
    await jsm.consumers.add("AGENT_CALLS", {
      durable_name: "call-workers",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "agent.calls.>",
      max_deliver: 3,
    });
    const { collector, monitor } = await watch(
      server.url,
      "other",
      {},
      {
        requestIdHeaders: ["X-Call-Id"],
        keyRules: [
          { subjects: "agent.replies.*", key: { subjectToken: 3 }, role: "result" },
          {
            subjects: "agent.calls.>",
            key: { header: ["X-Session"] },
            tool: { header: ["X-Tool-Name"] },
            role: "request",
          },
        ],
      },
    );
    await caughtUp(monitor, 3);
    await collector.tick();
    const js = jetstream(nc);
    const call = async (id: string, tool: string) => {
      const h = natsHeaders();
      h.set("X-Tool-Name", tool);
      h.set("X-Call-Id", id);
      h.set("X-Session", "s-1");
      await js.publish("agent.calls.v1", JSON.stringify({ id }), { headers: h });
    };
    const reply = async (id: string) => {
      const h = natsHeaders();
      h.set("X-Call-Id", id);
      await js.publish("agent.replies.s-1", "{}", { headers: h });
    };
    await call("c1", "geocode");
    await call("c2", "geocode");
    await call("c3", "mailer");
    // A worker NAKs the first delivery of c1 (it comes back), then everything is acked.
    const consumer = await js.consumers.get("AGENT_CALLS", "call-workers");
    const first = await consumer.next({ expires: 2000 });
    first!.nak();
    await nc.flush();
    for (let i = 0; i < 3; i++) (await consumer.next({ expires: 2000 }))!.ack();
    await reply("c1");
    await reply("c2");
    await reply("c2"); // a second execution's result
    await reply("c3");
    await waitFor(
      async () => {
        await collector.tick();
        const tools = monitor.latest().tools;
        return (
          tools.find((t) => t.tool === "geocode")?.total.ok === 2 &&
          tools.find((t) => t.tool === "mailer")?.total.ok === 1 &&
          tools.find((t) => t.tool === "geocode")?.total.naked === 1
        );
      },
      { what: "both tools' results and the NAK", timeoutMs: 15_000 },
    );
    for (let i = 0; i < 2; i++) await collector.tick();
    const geocode = monitor.latest().tools.find((t) => t.tool === "geocode")!;
    // The consumer serves both tools: its redeliveries are not split between them, the second result is counted.
    expect(geocode.sharedConsumers).toBe(true);
    expect(geocode.total).toMatchObject({ requests: 2, ok: 2, naked: 1, extraResults: 1, duplicates: 1 });
    expect(geocode.latency.samples).toBe(2);
    expect(geocode.consumers).toBe(1);
    const detail = monitor.detail("geocode")!;
    expect(detail.consumers.map((c) => c.consumer)).toEqual(["call-workers"]);
    expect(detail.failed.some((c) => c.outcome === "duplicate" && c.requestId === "c2")).toBe(true);
    expect(detail.slowest.map((c) => c.conversationId)).toEqual(["s-1", "s-1"]);
  });
});
