import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "@/lib/dto/findings";
import { stepIncidents, type IncidentRecord } from "./engine";
import { incidentPage, indexIncidents } from "./list";

const T0 = Date.parse("2026-12-01T03:00:00Z");
const ENGINE = { settleMs: 0, reopenWithinMs: 0, remindMs: 0 };

function stalled(stream: string, consumer: string, severity: Severity, at: number): Finding {
  return {
    id: `consumer_stalled:${stream}/${consumer}`,
    rule: "consumer_stalled",
    severity,
    title: "stalled",
    detail: "",
    where: { stream, consumer },
    since: new Date(at).toISOString(),
    value: 1,
    threshold: 0,
    unit: "",
    href: "/x",
  };
}

/** 120 open on JOBS (every tenth critical, opened a second apart), 5 on MAIL, and 30 of JOBS' resolved. */
function estate(): IncidentRecord[] {
  const latest = new Map<string, IncidentRecord>();
  const step = (at: number, findings: Finding[]) => {
    for (const r of stepIncidents(latest, findings, at, ENGINE, () => false)) latest.set(r.cause, r);
  };
  const jobs = Array.from({ length: 150 }, (_, i) => i);
  const findings = (live: number[]) => [
    ...live.map((i) => stalled("JOBS", `w-${i}`, i % 10 === 0 ? "critical" : "warning", T0 + i * 1000)),
    ...[0, 1, 2, 3, 4].map((i) => stalled("MAIL", `m-${i}`, "info", T0)),
  ];
  step(T0 + 200_000, findings(jobs));
  step(T0 + 300_000, findings(jobs.slice(30)));
  return [...latest.values()];
}

describe("incidentPage", () => {
  const all = estate();
  const acked = new Set(all.filter((r) => r.where.stream === "MAIL").map((r) => r.id));
  const index = indexIncidents(all, (id) => acked.has(id));
  const page = (query: Parameters<typeof incidentPage>[1]) => incidentPage(index, query);

  it("counts every incident, whatever the page holds, and names the streams most affected", () => {
    const { counts, openStreams, records, matched } = page({ state: "all", limit: 10, offset: 0 });
    expect(counts).toEqual({
      open: 125,
      critical: 12,
      warning: 108,
      info: 5,
      unacknowledged: 120,
      resolved: 30,
    });
    expect(openStreams).toEqual([
      { stream: "JOBS", open: 120 },
      { stream: "MAIL", open: 5 },
    ]);
    expect(records).toHaveLength(10);
    expect(matched).toBe(155);
  });

  it("pages open first, worst first and longest open first; then resolved, the latest first", () => {
    const open = page({ state: "open", limit: 50, offset: 0 });
    expect(open.records.slice(0, 12).every((r) => r.severity === "critical")).toBe(true);
    expect(open.records.slice(0, 12).map((r) => r.where.consumer)).toEqual(
      [30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140].map((i) => `w-${i}`),
    );
    expect(open.nextCursor).toBe("50");
    const last = page({ state: "open", limit: 50, offset: 100 });
    expect(last.records).toHaveLength(25);
    expect(last.records.at(-1)!.severity).toBe("info");
    expect(last.nextCursor).toBeNull();
    const everything = [0, 50, 100].flatMap((offset) => page({ state: "open", limit: 50, offset }).records);
    expect(new Set(everything.map((r) => r.id)).size).toBe(125);

    const resolved = page({ state: "resolved", limit: 200, offset: 0 });
    expect(resolved.matched).toBe(30);
    expect(resolved.records.every((r) => r.state === "resolved")).toBe(true);
    const both = page({ state: "all", limit: 200, offset: 0 });
    expect(both.records.findIndex((r) => r.state === "resolved")).toBe(125);
  });

  it("an offset past the end is an empty page, not an error", () => {
    const beyond = page({ state: "open", limit: 50, offset: 9999 });
    expect(beyond).toMatchObject({ records: [], matched: 125, offset: 125, nextCursor: null });
  });
});
