import { describe, expect, it } from "vitest";
import { BucketRing } from "./tier-blocks";
import { decodeValue, encodeValue } from "./value-code";

/** A small deterministic generator (mulberry32), so a failure names a bucket that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("closed buckets (5 B: two codes and the mean's position)", () => {
  it("keep min and max as their codes and the mean within 1/510 of the band, ordered", () => {
    const next = random(7);
    const ring = new BucketRing(4);
    for (let i = 0; i < 20_000; i++) {
      const scale = 10 ** Math.floor(next() * 9 - 2);
      const a = next() * scale;
      const b = next() * scale;
      const min = Math.min(a, b);
      const max = Math.max(a, b);
      const mean = min + (max - min) * next();
      ring.store(1, i % 256, min, max, mean);
      const read = ring.read(1, i % 256)!;
      expect(read.min).toBe(decodeValue(encodeValue(min)));
      expect(read.max).toBe(decodeValue(encodeValue(max)));
      expect(read.min).toBeLessThanOrEqual(read.last);
      expect(read.last).toBeLessThanOrEqual(read.max);
      const band = read.max - read.min;
      expect(Math.abs(read.last - mean)).toBeLessThanOrEqual(band / 510 + Math.abs(mean) * 0.0011 + 1e-12);
      // Reading back what was read stores the same thing (a restore of persisted history is stable).
      ring.store(2, i % 256, read.min, read.max, read.last);
      expect(ring.read(2, i % 256)).toEqual(read);
    }
  });

  it("keep a constant bucket, a zero one and the gap exactly", () => {
    const ring = new BucketRing(2);
    ring.store(0, 3, 42, 42, 42);
    expect(ring.read(0, 3)).toEqual({ min: 42, max: 42, sum: 42, count: 1, last: 42 });
    ring.store(0, 4, 0, 0, 0);
    expect(ring.read(0, 4)).toEqual({ min: 0, max: 0, sum: 0, count: 1, last: 0 });
    expect(ring.read(1, 3)).toBeUndefined();
    ring.clearCell(0, 3);
    expect(ring.read(0, 3)).toBeUndefined();
  });
});
