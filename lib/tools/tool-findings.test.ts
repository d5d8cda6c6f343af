import { describe, expect, it } from "vitest";
import { toolFindings, type ToolThresholds } from "@/lib/metrics/health-rules";
import type { ToolSummary } from "@/lib/dto/tools";
import { emptyCounts } from "./tool-window";

const T: ToolThresholds = {
  ackWaitShare: 0.8,
  failureRate: 0.05,
  minCalls: 20,
  windowMinutes: 5,
  objectives: [{ tool: "crm", p95Ms: 500 }],
};

function tool(
  over: Omit<Partial<ToolSummary>, "window"> & { window?: Partial<ToolSummary["window"]> },
): ToolSummary {
  return {
    tool: "crm",
    requestsPerMinute: 10,
    inFlight: 0,
    backlog: 0,
    oldestWaitingSeconds: null,
    consumers: 1,
    waitingPulls: 4,
    ackWaitSeconds: 30,
    sharedConsumers: false,
    latency: { p50: 100, p95: 300, p99: 400, samples: 50, serviceP95: 300 },
    failureRate: 0,
    lastSeen: null,
    total: emptyCounts(),
    ...over,
    window: { ...emptyCounts(), ok: 50, ...over.window },
  };
}

const slow = (p95: number, serviceP95 = p95) => ({ p50: 100, p95, p99: p95 + 1000, samples: 50, serviceP95 });

describe("tool findings", () => {
  it("finds nothing for a healthy tool", () => {
    expect(toolFindings([tool({})], T)).toEqual([]);
  });

  it("latency near ack wait: warning from the share, critical at or past the ack wait", () => {
    const near = toolFindings([tool({ latency: slow(25_000) })], T);
    expect(near[0]).toMatchObject({
      rule: "tool_latency_near_ack_wait",
      severity: "warning",
      href: "/tools/crm",
    });
    const past = toolFindings([tool({ latency: slow(31_000) })], T);
    expect(past[0]).toMatchObject({ severity: "critical", where: { tool: "crm" } });
    // The latency objective (p95 500 ms) is missed too.
    expect(past.map((f) => f.rule)).toContain("tool_latency_objective");
  });

  it("latency near ack wait counts time in a worker, not time queued behind a backlog", () => {
    // After an outage: answers took 90 s, of which the workers spent 2 s; the objective is missed, the ack wait not.
    const drained = toolFindings([tool({ latency: slow(90_000, 2_000) })], T).map((f) => f.rule);
    expect(drained).not.toContain("tool_latency_near_ack_wait");
    expect(drained).toContain("tool_latency_objective");
  });

  it("duplicates: info when only redeliveries were seen, warning with a second result", () => {
    const seen = toolFindings([tool({ window: { duplicates: 2, redeliveries: 2 } })], T);
    expect(seen).toMatchObject([{ rule: "tool_duplicate_executions", severity: "info", value: 2 }]);
    const confirmed = toolFindings([tool({ window: { duplicates: 1, extraResults: 1 } })], T);
    expect(confirmed[0]).toMatchObject({ severity: "warning" });
  });

  it("failure rate above the threshold, once enough calls finished", () => {
    const few = tool({ failureRate: 0.5, window: { ok: 5, terminated: 5 } });
    expect(toolFindings([few], T)).toEqual([]);
    const many = tool({ failureRate: 0.1, window: { ok: 45, terminated: 3, maxDeliveries: 2 } });
    expect(toolFindings([many], T)).toMatchObject([
      { rule: "tool_failure_rate", severity: "warning", value: 0.1 },
    ]);
  });
});
