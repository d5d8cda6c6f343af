import { describe, expect, it } from "vitest";
import { HistoryPersistence } from "@/lib/metrics/history-persistence";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { toolHistoryName, toolSeriesKey } from "./tool-series";

describe("tool history", () => {
  const suite = useNatsServer();

  it("is kept in JetStream beside the collector's, restored at start, and never mixed with it", async () => {
    const { nc } = suite();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const key = toolSeriesKey("crm_lookup", "p95");
    const tools = new SeriesStore(defaultTiers(5000));
    const collector = new SeriesStore(defaultTiers(5000));
    const toolPersistence = new HistoryPersistence(toolHistoryName("prod"), tools);
    const collectorPersistence = new HistoryPersistence("prod", collector);
    await toolPersistence.restore(nc);
    await collectorPersistence.restore(nc);
    tools.record(t0, [key], [1.25]);
    tools.record(t0 + 5000, [key], [2.5]);
    collector.record(t0, ["s:ORDERS:messages"], [7]);
    collector.record(t0 + 5000, ["s:ORDERS:messages"], [8]);
    expect(await toolPersistence.persistClosed(nc)).toBeGreaterThan(0);
    expect(await collectorPersistence.persistClosed(nc)).toBeGreaterThan(0);

    // After a restart: each store gets its own series back, and only its own.
    const restoredTools = new SeriesStore(defaultTiers(5000));
    const restoredCollector = new SeriesStore(defaultTiers(5000));
    await new HistoryPersistence(toolHistoryName("prod"), restoredTools).restore(nc);
    await new HistoryPersistence("prod", restoredCollector).restore(nc);
    expect(restoredTools.valueAt(key, t0)).toBe(1.25);
    expect([...restoredTools.keys()]).toEqual([key]);
    expect([...restoredCollector.keys()]).toEqual(["s:ORDERS:messages"]);
  });
});
