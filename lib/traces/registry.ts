// The process-wide trace indexers, one per environment, started at server boot (like the collectors).
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import { traceSettings } from "@/lib/keys/key-rules";
import { TraceIndexer } from "./trace-indexer";

export function traceIndexerFor(environment: string): TraceIndexer {
  return perEnvironment("traceIndexers", environment, () => {
    const indexer = new TraceIndexer(
      environmentConnection(environment),
      traceSettings(getConfig().traces),
    ).start();
    return indexer;
  });
}

export function startAllTraceIndexers(): void {
  for (const env of getConfig().environments) traceIndexerFor(env.name);
}
