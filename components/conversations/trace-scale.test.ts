import { describe, expect, it } from "vitest";
import { formatLatency, stackRows } from "./trace-scale";

describe("trace chart layout", () => {
  it("stacks overlapping intervals and reuses a row once it is free", () => {
    expect(
      stackRows([
        { start: 0, end: 10 },
        { start: 5, end: 8 },
        { start: 9, end: 12 },
        { start: 11, end: 13 },
      ]),
    ).toEqual({ rows: [0, 1, 1, 0], count: 2 });
    expect(stackRows([])).toEqual({ rows: [], count: 1 });
  });

  it("formats latencies with units", () => {
    expect(formatLatency(12.4)).toBe("12 ms");
    expect(formatLatency(1536)).toBe("1.54 s");
    expect(formatLatency(125_000)).toBe("2 min 5 s");
  });
});
