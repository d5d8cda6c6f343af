import { describe, expect, it } from "vitest";
import { downsample } from "./downsample";
import { RANGES } from "@/lib/dto/series";
import { defaultTiers, SeriesStore, type SeriesPoint } from "./series-store";

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const means = (points: SeriesPoint[]) => points.map((p) => ("gap" in p ? null : p.avg));
const present = (points: SeriesPoint[]) =>
  points.filter((p): p is Exclude<SeriesPoint, { gap: true }> => !("gap" in p));
/** Records `value(t)` for key "a" every 5 s from `from` to `to` (ms, exclusive). */
function fill(store: SeriesStore, from: number, to: number, value: (t: number) => number | null): void {
  for (let t = from; t < to; t += 5000) store.record(t, ["a"], [value(t)]);
}

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
    // The 1-hour tier still has both.
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

  it("serves each chart range from its tier: 15 min raw, 1 h in 30 s, 6 h in 5 min, 24 h in 10 min, 7 d hourly", () => {
    const store = new SeriesStore(defaultTiers(5000));
    const now = T0 + 8 * DAY;
    fill(store, now - 8 * DAY, now + 1, () => 3);
    const served = Object.values(RANGES).map((range) => {
      const { tier, widthMs, points } = store.query("a", now - range, now);
      return [tier, widthMs / 1000, present(points).length];
    });
    expect(served).toEqual([
      ["raw", 5, 180],
      ["30s", 30, 120],
      ["5m", 300, 72],
      ["10m", 600, 144],
      ["1h", 3600, 168],
    ]);
    // A slow poll interval keeps 30 s buckets at least two raw slots wide.
    const slow = defaultTiers(60_000);
    expect(slow.map((t) => [t.name, t.widthMs / 1000, t.slots])).toEqual([
      ["raw", 60, 15],
      ["30s", 120, 30],
      ["5m", 300, 72],
      ["10m", 600, 144],
      ["1h", 3600, 168],
    ]);
  });

  it("answers valueAt exactly from the raw tier for 15 minutes, then from the 30 s buckets", () => {
    const store = new SeriesStore(defaultTiers(5000));
    // A dead-letter stream's lastSeq: large, odd numbers whose difference must come out exact.
    const lastSeq = (t: number) => 1_000_003 + (t - T0) / 5000;
    const now = T0 + 20 * MINUTE;
    fill(store, T0, now + 1, lastSeq);
    for (const ago of [0, 30_000, MINUTE, 5 * MINUTE, 14 * MINUTE])
      expect(store.valueAt("a", now - ago)).toBe(lastSeq(now - ago));
    // 16 minutes ago is the mean of a closed 30 s bucket: within 0.05 %.
    const older = store.valueAt("a", now - 16 * MINUTE)!;
    expect(Math.abs(older - lastSeq(now - 16 * MINUTE))).toBeLessThan(0.0005 * older);
  });

  it("keeps the open bucket of a rollup tier exact and quantises it when the tier moves on", () => {
    const store = new SeriesStore(defaultTiers(5000));
    const samples = [1_234_567.25, 1_234_568.5, 1_234_570.125];
    samples.forEach((v, i) => store.record(T0 + i * 5000, ["a"], [v]));
    const epoch = store.currentEpoch("5m");
    const sum = samples.reduce((a, b) => a + b);
    // The 5-minute bucket of the last hour is built from the 30 s ones, which come from the exact raw samples.
    expect(store.bucket("5m", "a", epoch)).toEqual({
      epoch,
      min: samples[0],
      max: samples[2],
      sum: sum / 3,
      count: 1,
      last: sum / 3,
    });
    store.record(T0 + 5 * MINUTE, ["a"], [1]);
    const closed = store.bucket("5m", "a", epoch)!;
    expect(closed.count).toBe(1);
    expect(closed.sum).toBe(closed.last);
    const exact = [samples[0]!, samples[2]!, sum / 3];
    [closed.min, closed.max, closed.last].forEach((got, i) =>
      expect(Math.abs(got - exact[i]!) / exact[i]!).toBeLessThan(0.0005),
    );
    expect(closed.min).toBeLessThanOrEqual(closed.last);
    expect(closed.last).toBeLessThanOrEqual(closed.max);
  });

  it("keeps small integer figures exact in every tier", () => {
    const store = new SeriesStore(defaultTiers(5000));
    fill(store, T0, T0 + 2 * HOUR, (t) => (((t - T0) / 5000) % 2 === 0 ? 1500 : 12));
    const raw = present(store.query("a", T0 + 2 * HOUR - RANGES["15m"], T0 + 2 * HOUR).points);
    expect(new Set(raw.map((p) => p.last))).toEqual(new Set([12, 1500]));
    for (const range of [RANGES["1h"], RANGES["6h"], RANGES["24h"], RANGES["7d"]]) {
      const closed = present(store.query("a", T0 + 2 * HOUR - range, T0 + 2 * HOUR).points).slice(0, -1);
      expect(closed.length).toBeGreaterThan(0);
      expect(new Set(closed.map((p) => p.min))).toEqual(new Set([12]));
      expect(new Set(closed.map((p) => p.max))).toEqual(new Set([1500]));
    }
  });

  it("clears a rollup tier's old buckets as it advances, and gaps stay gaps after closing", () => {
    const store = new SeriesStore(defaultTiers(5000));
    // 10 minutes of data, 10 minutes of outage, 10 minutes of data.
    fill(store, T0, T0 + 30 * MINUTE, (t) => (t >= T0 + 10 * MINUTE && t < T0 + 20 * MINUTE ? null : 4));
    const hour = store.query("a", T0, T0 + HOUR);
    expect(hour.tier).toBe("30s");
    expect(means(hour.points)).toEqual([...Array(20).fill(4), ...Array(20).fill(null), ...Array(20).fill(4)]);
    const sixHours = store.query("a", T0, T0 + 6 * HOUR);
    expect(means(sixHours.points)).toEqual([4, 4, null, null, 4, 4]);
    // An hour and a half later the 30 s tier has forgotten all of it; the 5 min tier still has it.
    store.record(T0 + 150 * MINUTE, ["a"], [9]);
    expect(present(store.query("a", T0 + 90 * MINUTE, T0 + 150 * MINUTE).points)).toHaveLength(1);
    expect(store.bucket("30s", "a", T0 / 30_000)).toBeUndefined();
    expect(store.bucket("5m", "a", T0 / 300_000)).toMatchObject({ min: 4, max: 4, last: 4 });
    // After 8 days only the new sample is left anywhere.
    store.record(T0 + 8 * DAY, ["a"], [2]);
    expect(present(store.query("a", T0 + DAY, T0 + 8 * DAY).points).map((p) => p.avg)).toEqual([2]);
  });

  it("restores closed buckets of every tier so that queries answer the same, over 7 days", () => {
    const original = new SeriesStore(defaultTiers(5000));
    const now = T0 + 7 * DAY;
    // A week of a slow sine with spikes: non-integers, so every closed bucket is quantised.
    fill(original, T0, now, (t) => 50 + 40 * Math.sin(t / HOUR) + ((t / 5000) % 97 === 0 ? 500.5 : 0));
    // Both stores at the same current buckets, as after a restart: the ones closed before are persisted.
    original.record(now, [], []);
    const restored = new SeriesStore(defaultTiers(5000));
    restored.record(now, [], []);
    for (const spec of original.tiers) {
      const current = original.currentEpoch(spec.name);
      for (let epoch = current - spec.slots + 1; epoch < current; epoch++) {
        const bucket = original.bucket(spec.name, "a", epoch);
        if (bucket) restored.restore(spec.name, "a", bucket);
      }
    }
    for (const range of Object.values(RANGES)) {
      const before = original.query("a", now - range, now - 1);
      const after = restored.query("a", now - range, now - 1);
      // The open buckets were not persisted (they close after the restart); everything else is the same.
      const closed = (points: SeriesPoint[]) => points.slice(0, -1);
      expect(closed(after.points)).toEqual(closed(before.points));
    }
    const week = present(restored.query("a", now - 7 * DAY, now - 1).points);
    expect(week.length).toBeGreaterThanOrEqual(167);
    expect(Math.max(...week.map((p) => p.max))).toBeCloseTo(590.5, 0);
    expect(Math.min(...week.map((p) => p.min))).toBeCloseTo(10, 0);
  });

  it("at polls faster than a raw slot, keeps every sample in the 30 s buckets, so a spike the slot overwrote survives", () => {
    const store = new SeriesStore(defaultTiers(1000));
    expect(store.tiers.map((t) => t.source)).toEqual(["samples", "samples", "finer", "finer", "finer"]);
    // One poll a second; at T0 + 2 s a spike of 900 that the raw slot's later samples overwrite.
    for (let t = T0; t < T0 + 2 * HOUR; t += 1000) store.record(t, ["a"], [t === T0 + 2000 ? 900 : 1]);
    expect(store.bucket("raw", "a", T0 / 5000)).toBeUndefined(); // forgotten after 15 min
    // The 30 s tier keeps an hour, so T0 is gone from it; the coarser ones keep the spike in their band.
    const atT0 = (range: keyof typeof RANGES) => {
      const answer = store.query("a", T0, T0 + RANGES[range]);
      const bucket = answer.points.find((p) => p.t === T0);
      return [answer.tier, bucket && !("gap" in bucket) ? [bucket.min, bucket.max] : null];
    };
    expect([atT0("1h"), atT0("6h"), atT0("7d")]).toEqual([
      ["30s", null],
      ["5m", [1, 900]],
      ["1h", [1, 900]],
    ]);
    // The open 30 s bucket is the exact accumulator of every sample in it.
    const open = store.bucket("30s", "a", store.currentEpoch("30s"))!;
    expect(open).toMatchObject({ min: 1, max: 1, sum: open.count, last: 1 });
    expect(open.count).toBeGreaterThan(1);
  });
});
