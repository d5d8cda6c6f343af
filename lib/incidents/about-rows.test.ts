import { describe, expect, it } from "vitest";
import type { Severity } from "@/lib/dto/findings";
import { incidentsAboutRows } from "./about-rows";

type Row = {
  id: string;
  state: "open" | "resolved";
  severity: Severity;
  startedAt: string;
  where: { stream?: string; consumer?: string };
};

const at = (n: number) => new Date(Date.UTC(2026, 10, 30, 0, 0, n)).toISOString();

describe("incidents about a table's rows", () => {
  it("gives each shown row its worst open incident, whatever the number of incidents elsewhere", () => {
    const records: Row[] = [];
    // 5,000 open critical incidents about streams that are not shown, started first: the list's first 200.
    for (let i = 0; i < 5_000; i++)
      records.push({
        id: `x${i}`,
        state: "open",
        severity: "critical",
        startedAt: at(0),
        where: { stream: `X${i}` },
      });
    records.push(
      { id: "a-info", state: "open", severity: "info", startedAt: at(1), where: { stream: "A" } },
      {
        id: "a-c1-warn",
        state: "open",
        severity: "warning",
        startedAt: at(2),
        where: { stream: "A", consumer: "c1" },
      },
      {
        id: "a-c1-late",
        state: "open",
        severity: "warning",
        startedAt: at(3),
        where: { stream: "A", consumer: "c1" },
      },
      {
        id: "a-c2-gone",
        state: "resolved",
        severity: "critical",
        startedAt: at(1),
        where: { stream: "A", consumer: "c2" },
      },
      {
        id: "b-c1-info",
        state: "open",
        severity: "info",
        startedAt: at(4),
        where: { stream: "B", consumer: "c1" },
      },
      { id: "c-crit", state: "open", severity: "critical", startedAt: at(5), where: { stream: "C" } },
      { id: "tool", state: "open", severity: "critical", startedAt: at(0), where: {} },
    );
    const shown = incidentsAboutRows(records, { streams: ["A", "B"], consumers: ["A/c1", "A/c2", "B/c1"] });
    // A: its worst is the consumer's warning (it names A); A/c1: the earlier of its two warnings; A/c2: only a
    // resolved one; B and B/c1: the same info incident, listed once. C is not shown.
    expect(shown.map((i) => i.id)).toEqual(["a-c1-warn", "b-c1-info"]);
  });

  it("a stream's own incident wins over a consumer's of the same severity when it started first", () => {
    const shown = incidentsAboutRows(
      [
        {
          id: "late-consumer",
          state: "open",
          severity: "warning",
          startedAt: at(9),
          where: { stream: "A", consumer: "c" },
        },
        { id: "stream", state: "open", severity: "warning", startedAt: at(1), where: { stream: "A" } },
      ] satisfies Row[],
      { streams: ["A"], consumers: ["A/c"] },
    );
    expect(shown.map((i) => i.id)).toEqual(["stream", "late-consumer"]);
  });

  it("nothing shown, nothing answered", () => {
    const records: Row[] = [
      { id: "a", state: "open", severity: "critical", startedAt: at(0), where: { stream: "A" } },
    ];
    expect(incidentsAboutRows(records, { streams: [], consumers: [] })).toEqual([]);
  });
});
