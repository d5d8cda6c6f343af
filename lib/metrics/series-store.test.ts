import { describe, expect, it } from "vitest";
import { downsample } from "./downsample";
import { defaultTiers, SeriesStore } from "./series-store";

const T0 = Date.UTC(2026, 0, 1);

describe("SeriesStore", () => {
  it("keeps raw samples and rolls them up into buckets with min/max/avg/last", () => {
    const store = new SeriesStore(defaultTiers(5000));
    const values = [1, 9, 2, 4];
    values.forEach((v, i) => store.record(T0 + i * 5000, ["a"], [v]));
    const raw = store.query("a", T0, T0 + 15_000);
    expect(raw.tier).toBe("raw");
    expect(raw.points.map((p) => ("gap" in p ? null : p.last))).toEqual(values);
    const rolled = store.query("a", T0, T0 + 6 * 3_600_000);
    expect(rolled.tier).toBe("5m");
    const bucket = rolled.points.find((p) => p.t === T0)!;
    expect(bucket).toEqual({ t: T0, min: 1, max: 9, avg: 4, last: 4 });
  });

  it("shows a gap, not a zero, where nothing was collected", () => {
    const store = new SeriesStore(defaultTiers(5000));
    store.record(T0, ["a"], [5]);
    store.record(T0 + 5000, ["a"], [null]);
    store.record(T0 + 20_000, ["a"], [7]);
    const points = store.query("a", T0, T0 + 20_000).points;
    expect(points.map((p) => ("gap" in p ? "gap" : p.last))).toEqual([5, "gap", "gap", "gap", 7]);
  });

  it("forgets data older than each tier keeps, even across a long pause", () => {
    const store = new SeriesStore(defaultTiers(5000));
    store.record(T0, ["a"], [1]);
    store.record(T0 + 2 * 3_600_000, ["a"], [2]);
    const points = store.query("a", T0 + 3_600_000 + 5000, T0 + 2 * 3_600_000).points;
    expect(points.filter((p) => !("gap" in p))).toHaveLength(1);
    // The 30-minute tier still has both.
    const week = store.query("a", T0, T0 + 3 * 24 * 3_600_000).points.filter((p) => !("gap" in p));
    expect(week).toHaveLength(2);
  });

  it("restores persisted buckets and prunes series nobody writes any more", () => {
    const store = new SeriesStore(defaultTiers(5000));
    store.record(T0, ["a"], [3]);
    const epoch = store.currentEpoch("5m");
    const saved = store.bucket("5m", "a", epoch)!;
    const fresh = new SeriesStore(defaultTiers(5000));
    fresh.restore("5m", "a", saved);
    expect(fresh.bucket("5m", "a", epoch)).toEqual(saved);
    expect(store.prune(T0 + 8 * 24 * 3_600_000)).toBe(1);
    expect(store.size).toBe(0);
  });

  it("downsamples to at most 600 points and keeps the peak", () => {
    const store = new SeriesStore(defaultTiers(5000));
    for (let i = 0; i < 720; i++) store.record(T0 + i * 5000, ["a"], [i === 333 ? 1000 : 1]);
    const chart = downsample(store.query("a", T0, T0 + 719 * 5000).points, 600);
    expect(chart.length).toBeLessThanOrEqual(600);
    expect(Math.max(...chart.map((p) => p.max ?? 0))).toBe(1000);
  });

  it("keeps many series apart across storage blocks, and a series reusing a pruned one's storage starts empty", () => {
    const store = new SeriesStore(defaultTiers(5000));
    const keys = Array.from({ length: 600 }, (_, i) => `k${i}`);
    store.record(
      T0,
      keys,
      keys.map((_, i) => i),
    );
    store.record(
      T0 + 5000,
      keys,
      keys.map((_, i) => i * 2),
    );
    expect(store.size).toBe(600);
    expect(store.query("k599", T0, T0 + 5000).points.map((p) => ("gap" in p ? null : p.last))).toEqual([
      599, 1198,
    ]);
    expect(store.query("k300", T0, T0 + 6 * 3_600_000).points.find((p) => p.t === T0)).toEqual({
      t: T0,
      min: 300,
      max: 600,
      avg: 450,
      last: 450,
    });
    const later = T0 + 8 * 24 * 3_600_000;
    store.record(later, ["k0"], [1]);
    expect(store.prune(later)).toBe(599);
    store.record(later + 5000, ["fresh"], [42]);
    const week = store
      .query("fresh", later - 7 * 24 * 3_600_000, later + 5000)
      .points.filter((p) => !("gap" in p));
    expect(week).toEqual([
      { t: Math.floor((later + 5000) / 3_600_000) * 3_600_000, min: 42, max: 42, avg: 42, last: 42 },
    ]);
    expect(store.valueAt("k0", later)).toBe(1);
  });
});
