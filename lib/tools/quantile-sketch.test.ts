import { describe, expect, it } from "vitest";
import { QuantileSketch } from "./quantile-sketch";
import { rngFor } from "@/lib/simulator/rng";

const exact = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

describe("QuantileSketch", () => {
  it("answers every quantile within 1 % of the exact value at that rank", () => {
    const rng = rngFor(3, "latencies");
    // A long-tailed mix: fast calls, slow ones and timeouts, as tool latencies are.
    const values = Array.from({ length: 50_000 }, () => {
      const r = rng.next();
      return r < 0.9 ? 50 + rng.next() * 900 : r < 0.99 ? 1000 + rng.next() * 9000 : 30_000 + rng.next();
    });
    const sketch = new QuantileSketch(0.01);
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const want = exact(sorted, q);
      const got = sketch.quantile(q)!;
      expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.01);
    }
    expect(sketch.count).toBe(values.length);
  });

  it("merges sketches as if all values went into one, and is empty after clear", () => {
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const all = new QuantileSketch();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).add(i);
      all.add(i);
    }
    a.merge(b);
    for (const q of [0.5, 0.95, 0.99]) expect(a.quantile(q)).toBe(all.quantile(q));
    expect(a.quantile(1)).toBe(1000);
    a.clear();
    expect(a.quantile(0.5)).toBeNull();
  });

  it("keeps zero and sub-microsecond latencies as 0", () => {
    const s = new QuantileSketch();
    s.add(0);
    s.add(0.0001);
    expect(s.quantile(0.5)).toBe(0);
  });
});
