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

/** An incident started `second` seconds into the day, about `where` ("A" or "A/c1"; "" for none). */
function incident(
  id: string,
  severity: Severity,
  second: number,
  where: string,
  state: Row["state"] = "open",
): Row {
  const [stream, consumer] = where ? where.split("/") : [];
  return {
    id,
    state,
    severity,
    startedAt: new Date(Date.UTC(2026, 10, 30, 0, 0, second)).toISOString(),
    where: { stream, consumer },
  };
}

describe("incidents about a table's rows", () => {
  it("gives each shown row its worst open incident, whatever the number of incidents elsewhere", () => {
    // 5,000 open critical incidents about streams that are not shown, started first: the list's first 200.
    const records = Array.from({ length: 5_000 }, (_, i) => incident(`x${i}`, "critical", 0, `X${i}`));
    records.push(
      incident("a-info", "info", 1, "A"),
      incident("a-c1-warn", "warning", 2, "A/c1"),
      incident("a-c1-late", "warning", 3, "A/c1"),
      incident("a-c2-gone", "critical", 1, "A/c2", "resolved"),
      incident("b-c1-info", "info", 4, "B/c1"),
      incident("c-crit", "critical", 5, "C"),
      incident("tool", "critical", 0, ""),
    );
    const shown = incidentsAboutRows(records, { streams: ["A", "B"], consumers: ["A/c1", "A/c2", "B/c1"] });
    // A: its worst is the consumer's warning (it names A); A/c1: the earlier of its two warnings; A/c2: only a
    // resolved one; B and B/c1: the same info incident, listed once. C is not shown.
    expect(shown.map((i) => i.id)).toEqual(["a-c1-warn", "b-c1-info"]);
  });

  it("a stream's own incident wins over a consumer's of the same severity when it started first", () => {
    const records = [incident("late-consumer", "warning", 9, "A/c"), incident("stream", "warning", 1, "A")];
    const shown = incidentsAboutRows(records, { streams: ["A"], consumers: ["A/c"] });
    expect(shown.map((i) => i.id)).toEqual(["stream", "late-consumer"]);
  });

  it("nothing shown, nothing answered", () => {
    expect(incidentsAboutRows([incident("a", "critical", 0, "A")], { streams: [], consumers: [] })).toEqual(
      [],
    );
  });
});
