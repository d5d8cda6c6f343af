import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/dto/findings";
import { stepIncidents, type EngineOptions, type IncidentRecord } from "./engine";
import { LastActive } from "./last-active";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const OPTS: EngineOptions = { settleMs: 10_000, reopenWithinMs: 60_000, remindMs: 0 };
const stalled = (at: number, detail = ""): Finding => ({
  id: "consumer_stalled:TOOLS/worker-a",
  rule: "consumer_stalled",
  severity: "warning",
  title: "stalled",
  detail,
  where: { stream: "TOOLS", consumer: "worker-a" },
  since: new Date(at).toISOString(),
  value: 1,
  threshold: 0,
  unit: "",
  href: "/x",
});

/** Steps like the service: the engine reads stored records through the overlay; only mustWrite records are stored. */
function steps(active: LastActive, plan: [number, Finding[]][]) {
  const stored = new Map<string, IncidentRecord>();
  const writes: number[] = [];
  for (const [at, findings] of plan) {
    const latest = new Map([...stored.values()].map((r) => [r.cause, active.overlay(r)]));
    let written = 0;
    for (const r of stepIncidents(latest, findings, at, OPTS))
      if (active.mustWrite(r, stored.get(r.id))) {
        stored.set(r.id, r);
        written++;
      }
    writes.push(written);
  }
  return { stored: [...stored.values()], writes };
}

describe("LastActive", () => {
  it("writes an open incident when it opens, not every poll it stays active, and resolves it a settle after its last activity", () => {
    const active = new LastActive();
    active.acquired(T0);
    const plan: [number, Finding[]][] = [0, 5, 10, 15, 20].map((s) => [T0 + s * 1000, [stalled(T0)]]);
    plan.push([T0 + 29_000, []], [T0 + 30_000, []]);
    const { stored, writes } = steps(active, plan);
    // Writes: opened; the symptom cleared; resolved.
    expect(writes).toEqual([1, 0, 0, 0, 0, 1, 1]);
    expect(stored[0]!.state).toBe("resolved");
    expect(stored[0]!.lastActiveAt).toBe(new Date(T0 + 20_000).toISOString());
  });

  it("does not write an incident whose symptoms only say new figures (ages grow every poll)", () => {
    const active = new LastActive();
    active.acquired(T0);
    const plan: [number, Finding[]][] = [0, 5, 10].map((s) => [
      T0 + s * 1000,
      [stalled(T0, `No delivery for ${s + 30} s`)],
    ]);
    plan.push([T0 + 15_000, [{ ...stalled(T0, "No delivery for 45 s"), severity: "critical" }]]);
    const { stored, writes } = steps(active, plan);
    // Opened, then nothing until the incident's severity changed.
    expect(writes).toEqual([1, 0, 0, 1]);
    expect(stored[0]!.severity).toBe("critical");
  });

  it("after taking over the lease, counts an open incident as active until then (settles late rather than early)", () => {
    const before = new LastActive();
    before.acquired(T0);
    const { stored } = steps(before, [[T0, [stalled(T0)]]]);
    const after = new LastActive();
    after.acquired(T0 + 60_000);
    expect(after.overlay(stored[0]!).lastActiveAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(before.overlay(stored[0]!)).toBe(stored[0]);
  });
});
