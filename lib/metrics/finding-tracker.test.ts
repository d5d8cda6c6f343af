import { describe, expect, it } from "vitest";
import type { Severity } from "@/lib/dto/findings";
import { FindingTracker } from "./finding-tracker";
import type { RawFinding } from "./health-rules";

const finding = (id: string, severity: Severity): RawFinding => ({
  id,
  rule: "consumer_stalled",
  severity,
  title: id,
  detail: "",
  where: {},
  value: 1,
  threshold: 0,
  unit: "",
  href: "",
});
const T0 = Date.UTC(2026, 0, 1);

describe("FindingTracker", () => {
  it("stamps first-seen times, orders by severity then age then id, and forgets findings that cleared", () => {
    const tracker = new FindingTracker();
    tracker.update([finding("w-old", "warning")], T0);
    const second = tracker.update(
      [
        finding("w-new-b", "warning"),
        finding("c", "critical"),
        finding("w-old", "warning"),
        finding("w-new-a", "warning"),
      ],
      T0 + 5000,
    );
    expect(second.map((f) => [f.id, f.since])).toEqual([
      ["c", new Date(T0 + 5000).toISOString()],
      ["w-old", new Date(T0).toISOString()],
      ["w-new-a", new Date(T0 + 5000).toISOString()],
      ["w-new-b", new Date(T0 + 5000).toISOString()],
    ]);
    tracker.update([finding("c", "critical")], T0 + 10_000);
    const back = tracker.update([finding("w-old", "warning"), finding("c", "critical")], T0 + 15_000);
    expect(back.map((f) => [f.id, f.since])).toEqual([
      ["c", new Date(T0 + 5000).toISOString()],
      ["w-old", new Date(T0 + 15_000).toISOString()],
    ]);
  });
});
