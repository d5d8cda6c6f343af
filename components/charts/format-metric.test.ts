import { describe, expect, it } from "vitest";
import { formatAxisTime, formatAxisValue, formatBucketWidth } from "./format-metric";

describe("formatAxisValue", () => {
  it("keeps small rates and sub-second ages apart instead of rounding them all to 0", () => {
    expect([0, 0.0125, 0.025, 0.0375, 0.05].map((v) => formatAxisValue(v, "/s"))).toEqual([
      "0",
      "0.013",
      "0.025",
      "0.038",
      "0.05",
    ]);
    expect([0, 0.25, 0.5].map((v) => formatAxisValue(v, "s"))).toEqual(["0 s", "250 ms", "500 ms"]);
    // Ticks a half apart read apart (the tool latency charts showed "2 s, 2 s, 3 s").
    expect([1.5, 2, 2.5, 12.4, 90, 5400].map((v) => formatAxisValue(v, "s"))).toEqual([
      "1.5 s",
      "2 s",
      "2.5 s",
      "12 s",
      "1.5 min",
      "1.5 h",
    ]);
    expect([1.5, 2300, 1_250_000].map((v) => formatAxisValue(v, "msgs"))).toEqual(["1.5", "2.3K", "1.3M"]);
  });
});

describe("formatAxisTime", () => {
  it("gives hours and minutes, with the weekday beyond a day", () => {
    const t = Date.UTC(2026, 10, 30, 15, 4);
    expect(formatAxisTime(t, 3_600_000)).toMatch(/^\d\d:\d\d$/);
    expect(formatAxisTime(t, 7 * 86_400_000)).toMatch(/^[A-Z][a-z]{2},? \d\d:\d\d$/);
  });
});

describe("formatBucketWidth", () => {
  it("names every tier's bucket in its own unit", () => {
    expect([5_000, 30_000, 120_000, 300_000, 600_000, 3_600_000].map(formatBucketWidth)).toEqual([
      "5 s",
      "30 s",
      "2 min",
      "5 min",
      "10 min",
      "1 h",
    ]);
  });
});
