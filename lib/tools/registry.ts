// The process-wide tool monitors, one per environment, started at server boot and fed by its collector's polls.
import "server-only";
import type { NatsConnection } from "@nats-io/transport-node";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { collectorFor } from "@/lib/collector/registry";
import { originHeadersFor } from "@/lib/dlq/entries";
import { addFindingSource } from "@/lib/metrics/finding-sources";
import { HistoryPersistence } from "@/lib/metrics/history-persistence";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { environmentConnection } from "@/lib/nats/registry";
import { traceSettings } from "@/lib/keys/key-rules";
import { toolSettings } from "./settings";
import { ToolMonitor } from "./tool-monitor";
import { toolHistoryName } from "./tool-series";

export function toolMonitorFor(environment: string): ToolMonitor {
  return perEnvironment("toolMonitors", environment, () => {
    const config = getConfig();
    const connection = environmentConnection(environment);
    const history = new SeriesStore(defaultTiers(config.pollIntervalMs));
    const persistence = new HistoryPersistence(toolHistoryName(environment), history);
    let restore: { done: boolean } | undefined;
    // Restore first (in the background); persist closed buckets only once restored, like the collector.
    const persistHistory = async (nc: NatsConnection) => {
      if (!restore) {
        const state = { done: false };
        restore = state;
        persistence.restore(nc).then(
          () => (state.done = true),
          (error) => {
            restore = undefined;
            console.warn(`[tools ${environment}] history not restored: ${String(error)}`);
          },
        );
      }
      return restore.done ? persistence.persistClosed(nc) : 0;
    };
    const monitor = new ToolMonitor(connection, toolSettings(config.tools, traceSettings(config.traces)), {
      deadLetterStreams: connection.env.deadLetterStreams,
      originHeaders: (dlq) => originHeadersFor(connection.env.deadLetters?.originHeaders, dlq),
      history,
      persistHistory,
    }).start();
    const collector = collectorFor(environment);
    collector.subscribe((overview) => monitor.onPoll(overview));
    addFindingSource(environment, () => monitor.currentFindings());
    return monitor;
  });
}

export function startAllToolMonitors(): void {
  for (const env of getConfig().environments) toolMonitorFor(env.name);
}
