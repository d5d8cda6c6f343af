import { describe, expect, it } from "vitest";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { HISTORY_STREAM, HistoryPersistence } from "./history-persistence";
import { defaultTiers, SeriesStore } from "./series-store";

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
    expect(restored.tier).toBe("5m");
    const closed = (p: (typeof original.points)[number]) =>
      p.t < before.currentEpoch("5m") * restored.widthMs;
    expect(restored.points.filter(closed)).toEqual(original.points.filter(closed));
    expect(
      restored.points.filter(
        (p) => "gap" in p && p.t >= t0 + 3_600_000 && p.t < t0 + 3_600_000 + 20 * 60_000,
      ),
    ).toHaveLength(4);
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
    expect(restarted.bucket("5m", "c:S/C:backlog", epoch)).toEqual({
      epoch,
      min: 1,
      max: 9,
      sum: 20,
      count: 4,
      last: 5,
    });
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
