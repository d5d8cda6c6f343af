import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import {
  CONSUMERS,
  decideAttempt,
  DEFAULT_TOOLS,
  NO_FAILURES,
  planConversation,
  Simulator,
  STREAMS,
} from ".";

const fastTools = DEFAULT_TOOLS.map((t) => ({
  ...t,
  latencyMs: [5, 20] as [number, number],
  slow: undefined,
}));

describe("simulator", () => {
  const suite = useNatsServer();

  it("plans the same conversations for the same seed, different ones for another", () => {
    const tools = fastTools.map((t) => t.name);
    const a = Array.from({ length: 20 }, (_, i) => planConversation(7, i, tools));
    const b = Array.from({ length: 20 }, (_, i) => planConversation(7, i, tools));
    const c = Array.from({ length: 20 }, (_, i) => planConversation(8, i, tools));
    expect(a).toEqual(b);
    expect(a.map((p) => p.id)).not.toEqual(c.map((p) => p.id));
    for (const plan of a) {
      expect(plan.calls.length).toBeGreaterThanOrEqual(1);
      expect(plan.calls.length).toBeLessThanOrEqual(4);
    }
  });

  it("a redriven request no longer hits its per-request fault (the demo's redrive succeeds); first tries still do", () => {
    const tool = { ...fastTools[0]!, failures: { ...NO_FAILURES, permanent: 1 } };
    expect(decideAttempt(7, tool, "req-1", 1).outcome).toBe("permanent");
    expect(decideAttempt(7, tool, "req-1", 1, true).outcome).toBe("success");
    const poison = { ...tool, failures: { ...NO_FAILURES, poison: 1 } };
    expect(decideAttempt(7, poison, "req-1", 3).outcome).toBe("poison");
    expect(decideAttempt(7, poison, "req-1", 1, true).outcome).toBe("success");
  });

  it("runs conversations to completion when nothing fails", async () => {
    const { nc } = suite();
    const sim = await Simulator.start(nc, {
      seed: 1,
      conversationsPerMinute: 0,
      tools: fastTools,
      failures: NO_FAILURES,
      storage: "memory",
      ackWaitMs: 2000,
    });
    try {
      const plans = [];
      for (let i = 0; i < 5; i++) plans.push(await sim.startConversation());
      const requests = plans.reduce((n, p) => n + p.calls.length, 0);
      await waitFor(() => sim.stats.conversationsCompleted === 5, { what: "5 completed conversations" });
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info(STREAMS.toolResults)).state.messages).toBe(requests);
      expect((await jsm.streams.info(STREAMS.conversations)).state.messages).toBe(10);
      // Work queue: every acknowledged request is removed.
      await waitFor(async () => (await jsm.streams.info(STREAMS.toolRequests)).state.messages === 0, {
        what: "empty work queue",
      });
    } finally {
      await sim.stop();
    }
  });

  it("dead-letters permanent errors with origin headers and stops a pool on outage", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await Promise.all(Object.values(STREAMS).map((s) => jsm.streams.delete(s).catch(() => false)));
    const failures = { ...NO_FAILURES, permanent: 1 };
    const sim = await Simulator.start(nc, {
      seed: 2,
      conversationsPerMinute: 0,
      tools: fastTools,
      failures,
      storage: "memory",
      ackWaitMs: 2000,
      poolsOff: ["send_email", "db_report", "web_search"],
    });
    try {
      const plans = [];
      for (let i = 0; i < 6; i++) plans.push(await sim.startConversation());
      const crmCalls = plans.flatMap((p) => p.calls).filter((c) => c.tool === "crm_lookup").length;
      const otherCalls = plans.flatMap((p) => p.calls).length - crmCalls;
      expect(crmCalls).toBeGreaterThan(0);
      await waitFor(async () => (await jsm.streams.info(STREAMS.deadLetters)).state.messages === crmCalls, {
        what: "dead letters",
      });
      const first = await jsm.streams.getMessage(STREAMS.deadLetters, { seq: 1 });
      expect(first?.header.get("X-Dlq-Stream")).toBe(STREAMS.toolRequests);
      expect(first?.header.get("X-Dlq-Subject")).toBe("tools.execute.crm_lookup");
      expect(first?.header.get("X-Dlq-Consumer")).toBe(CONSUMERS.toolWorkers("crm_lookup"));
      expect(first?.header.get("Conversation-Id")).toMatch(/^conv-/);
      // Pools that are off leave their requests waiting.
      const pending = (
        await Promise.all(
          ["send_email", "db_report", "web_search"].map((t) =>
            jsm.consumers.info(STREAMS.toolRequests, CONSUMERS.toolWorkers(t)),
          ),
        )
      ).reduce((n, ci) => n + ci.num_pending, 0);
      expect(pending).toBe(otherCalls);
    } finally {
      await sim.stop();
    }
  });
});
