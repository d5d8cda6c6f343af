import { describe, expect, it } from "vitest";
import { formatAxisValue } from "./format-metric";

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
    expect([1.5, 2300, 1_250_000].map((v) => formatAxisValue(v, "msgs"))).toEqual(["1.5", "2.3K", "1.3M"]);
  });
});
