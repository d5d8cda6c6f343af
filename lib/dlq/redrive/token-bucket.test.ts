import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("grants a burst, then the rate", () => {
    const bucket = new TokenBucket(100, 0);
    expect(bucket.take(500, 0)).toBe(100);
    expect(bucket.take(500, 0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(10);
    expect(bucket.take(500, 500)).toBe(50);
    expect(bucket.take(500, 10_000)).toBe(100);
  });

  it("over a simulated 10 s grants about rate × time", () => {
    const bucket = new TokenBucket(100, 0);
    let granted = 0;
    for (let t = 0; t <= 10_000; t += 7) granted += bucket.take(1000, t);
    expect(granted).toBeGreaterThanOrEqual(1000);
    expect(granted).toBeLessThanOrEqual(1100);
  });

  it("rate 0 is unlimited", () => {
    const bucket = new TokenBucket(0, 0);
    expect(bucket.take(1_000_000, 0)).toBe(1_000_000);
    expect(bucket.waitMs(0)).toBe(0);
  });
});
