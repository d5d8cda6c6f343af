import { describe, expect, it } from "vitest";
import { formatAgo, formatBytes, formatCount, formatDuration, formatRate, formatUtc } from "./format";

describe("format", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [10 * 1024 * 1024, "10 MiB"],
    [-1, "—"],
  ])("bytes %d → %s", (input, expected) => expect(formatBytes(input)).toBe(expected));

  it("counts, rates and durations carry units", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    for (const n of [0, 7, 999, 1000, -1000, 123456, -9876543210, Number.MAX_SAFE_INTEGER, 2.5, 1e21])
      expect(formatCount(n)).toBe(new Intl.NumberFormat("en-US").format(n));
    expect(formatRate(null)).toBe("—");
    expect(formatRate(0)).toBe("0 msgs/s");
    expect(formatRate(2.345)).toBe("2.3 msgs/s");
    expect(formatRate(120.4)).toBe("120 msgs/s");
    expect(formatDuration(0.25)).toBe("250 ms");
    expect(formatDuration(75)).toBe("1 min 15 s");
    expect(formatDuration(7200)).toBe("2 h 0 min");
    // Rounded before splitting: never "1 min 60 s" or "1 h 60 min".
    expect(formatDuration(119.6)).toBe("2 min 0 s");
    expect(formatDuration(59.7)).toBe("1 min 0 s");
    expect(formatDuration(7199.9)).toBe("2 h 0 min");
    expect(formatDuration(86_399)).toBe("1 d 0 h");
  });

  it("shows relative and absolute UTC times", () => {
    const now = Date.parse("2026-01-01T00:10:00Z");
    expect(formatAgo("2026-01-01T00:07:00Z", now)).toBe("3 min 0 s ago");
    expect(formatAgo(undefined, now)).toBe("never");
    expect(formatUtc("2026-01-01T00:07:00.123Z")).toBe("2026-01-01 00:07:00 UTC");
  });
});
