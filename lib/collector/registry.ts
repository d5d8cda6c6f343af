// The process-wide collectors, one per environment, started on first use and never per browser.
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
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
    // Restore in the background (days of history for thousands of consumers take a while) and persist only once it
    // has finished, so a restart never republishes (or loses) buckets while the collector polls on.
    let restore: { done: boolean; running: Promise<unknown> } | undefined;
    const persistHistory = async (nc: Parameters<HistoryPersistence["persistClosed"]>[0]) => {
      if (!restore) {
        const state = { done: false, running: Promise.resolve() as Promise<unknown> };
        state.running = persistence.restore(nc).then(
          () => (state.done = true),
          (error) => {
            restore = undefined;
            console.warn(`[history ${environment}] not restored: ${String(error)}`);
          },
        );
        restore = state;
      }
      return restore.done ? persistence.persistClosed(nc) : 0;
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
