// The process-wide collectors, one per environment, started on first use and never per browser.
import "server-only";
import { perEnvironment } from "@/lib/per-environment";
import { advisoryCounters, maxDeliveredCheck } from "@/lib/advisories/registry";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import { HistoryPersistence } from "@/lib/metrics/history-persistence";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { Collector } from "./collector";

export function collectorFor(environment: string): Collector {
  return perEnvironment("collectors", environment, () => {
    const config = getConfig();
    const env = config.environments.find((e) => e.name === environment);
    const connection = environmentConnection(environment);
    const history = new SeriesStore(defaultTiers(config.pollIntervalMs));
    const persistence = new HistoryPersistence(environment, history);
    // Restore before persisting anything, so a restart never republishes (or loses) buckets.
    let restored: Promise<unknown> | undefined;
    const persistHistory = async (nc: Parameters<HistoryPersistence["persistClosed"]>[0]) => {
      restored ??= persistence.restore(nc).catch((error) => {
        restored = undefined;
        throw error;
      });
      await restored;
      return persistence.persistClosed(nc);
    };
    const collector = new Collector(connection, {
      intervalMs: config.pollIntervalMs,
      health: config.health,
      deadLetterStreams: env?.deadLetterStreams ?? [],
      history,
      persistHistory,
      advisoryCounters: () => advisoryCounters(environment),
      isDeadLettered: maxDeliveredCheck(environment),
    }).start();
    return collector;
  });
}

/** Starts every configured environment's collector (called once at server start). */
export function startAllCollectors(): void {
  for (const env of getConfig().environments) collectorFor(env.name);
}
