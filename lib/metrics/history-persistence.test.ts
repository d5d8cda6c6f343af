import { describe, expect, it } from "vitest";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { HISTORY_STREAM, HistoryPersistence } from "./history-persistence";
import { defaultTiers, SeriesStore, type SeriesPoint } from "./series-store";

/** The same points and gaps, each figure within a relative `tolerance`. */
function expectSameWithin(actual: SeriesPoint[], expected: SeriesPoint[], tolerance: number): void {
  const shape = (points: SeriesPoint[]) => points.map((p) => ("gap" in p ? `${p.t} gap` : `${p.t}`));
  expect(shape(actual)).toEqual(shape(expected));
  actual.forEach((p, k) => {
    const q = expected[k]!;
    if ("gap" in p || "gap" in q) return;
    for (const field of ["min", "max", "avg"] as const)
      expect(Math.abs(p[field] - q[field])).toBeLessThanOrEqual(tolerance * Math.abs(q[field]));
  });
}

describe("HistoryPersistence", () => {
  const suite = useNatsServer();

  it("keeps closed buckets across a restart, once, and leaves gaps as gaps", async () => {
    const { nc } = suite();
    const t0 = Math.floor(Date.now() / 1_800_000) * 1_800_000 - 3 * 3_600_000;
    const before = new SeriesStore(defaultTiers(5000));
    const writer = new HistoryPersistence("prod", before);
    await writer.restore(nc);
    // Two hours of samples with a 20-minute outage in the middle.
    for (let t = t0; t < t0 + 2 * 3_600_000; t += 5000) {
      const outage = t >= t0 + 3_600_000 && t < t0 + 3_600_000 + 20 * 60_000;
      before.record(t, outage ? [] : ["c:S/C:backlog"], [(t - t0) / 60_000]);
    }
    const published = await writer.persistClosed(nc);
    expect(published).toBeGreaterThan(0);

    const after = new SeriesStore(defaultTiers(5000));
    after.record(t0 + 2 * 3_600_000, [], []);
    const restarted = new HistoryPersistence("prod", after);
    const loaded = await restarted.restore(nc);
    expect(loaded).toBe(published);
    // Restoring leaves no reader behind on the stream.
    const { jetstreamManager } = await import("@nats-io/jetstream");
    expect((await (await jetstreamManager(nc)).streams.info(HISTORY_STREAM)).state.consumer_count).toBe(0);
    // The restarted instance does not publish again what it restored.
    expect(await restarted.persistClosed(nc)).toBe(0);
    const from = t0;
    const to = t0 + 2 * 3_600_000 - 1;
    const original = before.query("c:S/C:backlog", from, to + 6 * 3_600_000);
    const restored = after.query("c:S/C:backlog", from, to + 6 * 3_600_000);
    expect(restored.tier).toBe("10m");
    const closed = (p: (typeof original.points)[number]) =>
      p.t < before.currentEpoch("10m") * restored.widthMs;
    // Buckets of the last hour are built from the 30 s ones, restored quantised: the same within 0.1 %.
    expectSameWithin(restored.points.filter(closed), original.points.filter(closed), 0.001);
    // The 1 h chart's 30 s buckets come back too.
    const lastHour = (store: SeriesStore) => store.query("c:S/C:backlog", to - 3_600_000, to);
    // The restarted store is one bucket further on: compare the buckets both hold that were closed before.
    const oldest = lastHour(after).points[0]!.t;
    const closedShort = (p: (typeof original.points)[number]) =>
      p.t >= oldest && p.t < before.currentEpoch("30s") * 30_000;
    expect(lastHour(after).tier).toBe("30s");
    // Those of the last 15 minutes were built from the exact raw samples before the restart, restored quantised.
    expectSameWithin(
      lastHour(after).points.filter(closedShort),
      lastHour(before).points.filter(closedShort),
      0.0005,
    );
    // 40 minutes of samples after the outage: the bucket still open at the restart comes back from the raw samples.
    expect(lastHour(after).points.filter((p) => !("gap" in p)).length).toBe(80);
    // The 20-minute outage is two 10-minute gaps.
    expect(
      restored.points.filter(
        (p) => "gap" in p && p.t >= t0 + 3_600_000 && p.t < t0 + 3_600_000 + 20 * 60_000,
      ),
    ).toHaveLength(2);
    // Another environment's history stays separate.
    const other = new SeriesStore(defaultTiers(5000));
    expect(await new HistoryPersistence("staging", other).restore(nc)).toBe(0);
  });

  it("still reads buckets written before parts and flat values (one message per bucket, a tuple per key)", async () => {
    const { nc } = suite();
    const store = new SeriesStore(defaultTiers(5000));
    const persistence = new HistoryPersistence("legacy", store);
    await persistence.restore(nc);
    const epoch = Math.floor(Date.now() / 300_000) - 2;
    const { jetstream } = await import("@nats-io/jetstream");
    const legacy = {
      tier: "5m",
      epoch,
      keys: ["c:S/C:backlog", "c:S/D:backlog"],
      values: [
        [1, 9, 20, 4, 3],
        [2, 2, 2, 1, 2],
      ],
    };
    await jetstream(nc).publish("switchyard.history.legacy.5m", JSON.stringify(legacy));
    const restarted = new SeriesStore(defaultTiers(5000));
    expect(await new HistoryPersistence("legacy", restarted).restore(nc)).toBe(1);
    // Kept quantised without its count, a closed bucket reads as one sample of its mean (within 1/510 of its band).
    const mixed = restarted.bucket("5m", "c:S/C:backlog", epoch)!;
    expect({ ...mixed, sum: 0, last: 0 }).toEqual({ epoch, min: 1, max: 9, sum: 0, count: 1, last: 0 });
    expect(mixed.last).toBe(mixed.sum);
    expect(Math.abs(mixed.last - 5)).toBeLessThanOrEqual(8 / 510);
    expect(restarted.bucket("5m", "c:S/D:backlog", epoch)).toEqual({
      epoch,
      min: 2,
      max: 2,
      sum: 2,
      count: 1,
      last: 2,
    });
  });
});
