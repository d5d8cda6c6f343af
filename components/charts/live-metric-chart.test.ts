import { describe, expect, it } from "vitest";
import { chartEnd } from "./live-metric-chart";

describe("chartEnd", () => {
  it("moves once per point of the chart, and at most every 5 s", () => {
    const hour = 3_600_000;
    // 1 h over 300 points is 12 s a point: polls within those 12 s draw (and fetch) nothing new.
    const ends = [0, 1000, 11_999, 12_000, 23_000, 24_000].map((t) => chartEnd(1_700_000_004_000 + t, hour));
    expect(new Set(ends).size).toBe(3);
    // 15 min over 300 points would be 3 s: the floor of 5 s holds.
    expect(chartEnd(1_700_000_004_999, 15 * 60_000)).toBe(1_700_000_000_000);
    expect(chartEnd(1_700_000_005_000, 15 * 60_000)).toBe(1_700_000_005_000);
  });
});
