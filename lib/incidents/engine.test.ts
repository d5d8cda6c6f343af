import { describe, expect, it } from "vitest";
import type { Finding, FindingRule, Severity } from "@/lib/dto/findings";
import { stepIncidents, type EngineOptions, type IncidentRecord } from "./engine";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const OPTS: EngineOptions = { settleMs: 10_000, reopenWithinMs: 60_000, remindMs: 0 };

function finding(rule: FindingRule, at: number, extra: Partial<Finding> = {}): Finding {
  const where = rule === "nats_unreachable" ? {} : { stream: "TOOLS", consumer: "worker-a" };
  return {
    id: `${rule}:TOOLS/worker-a`,
    rule,
    severity: "warning" as Severity,
    title: rule,
    detail: "",
    where,
    since: new Date(at).toISOString(),
    value: 1,
    threshold: 0,
    unit: "",
    href: "/x",
    ...extra,
  };
}

/** Runs steps, keeping the newest record per cause like the service does. */
function run(steps: [number, Finding[]][], opts = OPTS, acked: (id: string) => boolean = () => false) {
  const latest = new Map<string, IncidentRecord>();
  const all = new Map<string, IncidentRecord>();
  for (const [at, findings] of steps) {
    for (const r of stepIncidents(latest, findings, at, opts, acked)) {
      latest.set(r.cause, r);
      all.set(r.id, r);
    }
  }
  return { latest, all: [...all.values()] };
}

describe("stepIncidents", () => {
  it("groups one consumer's findings into one incident named after consumer and stream, started at the last delivery", () => {
    const pullers = finding("no_active_pullers", T0 + 31_000, { severity: "critical", value: 31 });
    const stalled = finding("consumer_stalled", T0 + 24_000);
    const { all } = run([
      [T0 + 24_000, [stalled]],
      [T0 + 31_000, [stalled, pullers]],
    ]);
    expect(all).toHaveLength(1);
    const r = all[0]!;
    expect(r.title).toBe("worker-a on stream TOOLS: no workers pulling");
    expect(r.severity).toBe("critical");
    expect(r.startedAt).toBe(new Date(T0).toISOString());
    expect(r.events.map((e) => e.kind)).toEqual(["open", "severity"]);
    expect(r.symptoms.map((s) => s.rule)).toEqual(["consumer_stalled", "no_active_pullers"]);
  });

  it("keeps the title of its worst symptom while milder ones linger", () => {
    const pullers = finding("no_active_pullers", T0, { severity: "critical", value: 0 });
    const age = finding("oldest_message_age", T0);
    const { all } = run([
      [T0, [pullers, age]],
      [T0 + 1000, [age]],
    ]);
    expect(all[0]!.title).toBe("worker-a on stream TOOLS: no workers pulling");
  });

  it("starts at the consumer's last delivery when it has stopped, whichever rule fires first", () => {
    const growing = finding("backlog_growing", T0 + 22_000);
    const latest = new Map<string, IncidentRecord>();
    const [r] = stepIncidents(latest, [growing], T0 + 22_000, {
      ...OPTS,
      onsetHint: (cause) => (cause === "consumer:TOOLS/worker-a" ? T0 + 70 : null),
    });
    expect(r!.startedAt).toBe(new Date(T0 + 70).toISOString());
    expect(r!.detectedAt).toBe(new Date(T0 + 22_000).toISOString());
  });

  it("resolves only after every symptom stayed clear for the settle period, with one resolve event", () => {
    const f = finding("consumer_stalled", T0);
    const { all } = run([
      [T0, [f]],
      [T0 + 1000, []],
      [T0 + 5000, [f]], // back within the settle period: still the same incident, no event
      [T0 + 6000, []],
      [T0 + 15_000, []],
      [T0 + 16_500, []],
    ]);
    expect(all).toHaveLength(1);
    const r = all[0]!;
    expect(r.state).toBe("resolved");
    expect(r.resolvedAt).toBe(new Date(T0 + 15_000).toISOString());
    expect(r.events.map((e) => e.kind)).toEqual(["open", "resolve"]);
    expect(r.timeline.map((t) => t.kind)).toEqual([
      "opened",
      "appeared",
      "cleared",
      "appeared",
      "cleared",
      "resolved",
    ]);
  });

  it("reopens a cause that fires again soon after resolving, doubling its settle period (flap control)", () => {
    const f = finding("consumer_stalled", T0);
    const { all } = run([
      [T0, [f]],
      [T0 + 1000, []],
      [T0 + 11_000, []],
      [T0 + 20_000, [f]],
      [T0 + 21_000, []],
      [T0 + 35_000, []], // 14 s clear: enough before, not with the doubled 20 s settle period
    ]);
    expect(all).toHaveLength(1);
    expect(all[0]!.state).toBe("open");
    expect(all[0]!.settleSeconds).toBe(20);
    expect(all[0]!.events.map((e) => e.kind)).toEqual(["open", "resolve", "open"]);
  });

  it("opens a new incident when the cause fires long after resolving", () => {
    const f = finding("consumer_stalled", T0);
    const { all } = run([
      [T0, [f]],
      [T0 + 1000, []],
      [T0 + 11_000, []],
      [T0 + 200_000, [finding("consumer_stalled", T0 + 200_000)]],
    ]);
    expect(all.map((r) => r.state)).toEqual(["resolved", "open"]);
  });

  it("lowers severity only after the lower level held for the settle period", () => {
    const crit = finding("oldest_message_age", T0, { severity: "critical" });
    const warn = { ...crit, severity: "warning" as Severity };
    const { all } = run([
      [T0, [crit]],
      [T0 + 1000, [warn]],
      [T0 + 2000, [crit]],
      [T0 + 3000, [warn]],
      [T0 + 12_000, [warn]],
      [T0 + 14_000, [warn]],
    ]);
    expect(all[0]!.events.map((e) => [e.kind, e.severity])).toEqual([
      ["open", "critical"],
      ["severity", "warning"],
    ]);
  });

  it("reminds open incidents until they are acknowledged", () => {
    const f = finding("consumer_stalled", T0);
    const opts = { ...OPTS, remindMs: 5000 };
    const steps: [number, Finding[]][] = [0, 3000, 6000, 9000, 12_000].map((d) => [T0 + d, [f]]);
    expect(run(steps, opts).all[0]!.events.map((e) => e.kind)).toEqual(["open", "reminder", "reminder"]);
    expect(run(steps, opts, () => true).all[0]!.events.map((e) => e.kind)).toEqual(["open"]);
  });

  it("keeps NATS unreachable, a stream and dead letters apart", () => {
    const { all } = run([
      [
        T0,
        [
          finding("nats_unreachable", T0),
          { ...finding("stream_near_limit", T0), id: "s", where: { stream: "TOOLS" } },
          { ...finding("dead_letters_arriving", T0), id: "d", where: { stream: "SWITCHYARD_DLQ" } },
        ],
      ],
    ]);
    expect(all.map((r) => r.title).sort()).toEqual([
      "Dead letters arriving in SWITCHYARD_DLQ",
      "NATS unreachable",
      "Stream TOOLS: filling up",
    ]);
  });

  it("groups a tool's findings into one tool incident and Switchyard's own problems into service incidents", () => {
    const tool = (rule: FindingRule, severity: Severity) =>
      finding(rule, T0, { id: `${rule}:crm_lookup`, where: { tool: "crm_lookup" }, severity });
    const capture = finding("dlq_capture_down", T0, {
      id: "dlq_capture_down",
      where: {},
      severity: "critical",
    });
    const pullers = finding("no_active_pullers", T0, { severity: "critical" });
    const { all } = run([
      [
        T0,
        [
          tool("tool_duplicate_executions", "info"),
          tool("tool_latency_near_ack_wait", "critical"),
          capture,
          pullers,
        ],
      ],
    ]);
    expect(all.map((r) => [r.kind, r.title, r.severity]).sort()).toEqual([
      ["consumer", "worker-a on stream TOOLS: no workers pulling", "critical"],
      ["service", "Switchyard: dead-letter capture is not running", "critical"],
      ["tool", "Tool crm_lookup: latency near ack wait (duplicate executions likely)", "critical"],
    ]);
    expect(
      all
        .find((r) => r.kind === "tool")!
        .symptoms.map((x) => x.rule)
        .sort(),
    ).toEqual(["tool_duplicate_executions", "tool_latency_near_ack_wait"]);
  });
});
