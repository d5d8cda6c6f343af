// The process-wide trace indexers, one per environment, started at server boot (like the collectors).
import "server-only";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import { traceSettings } from "./key-rules";
import { TraceIndexer } from "./trace-indexer";

const KEY = Symbol.for("switchyard.traceIndexers");
type Holder = { [KEY]?: Map<string, TraceIndexer> };

export function traceIndexerFor(environment: string): TraceIndexer {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  const existing = holder[KEY].get(environment);
  if (existing) return existing;
  const indexer = new TraceIndexer(environmentConnection(environment), traceSettings(getConfig().traces)).start();
  holder[KEY].set(environment, indexer);
  return indexer;
}

export function startAllTraceIndexers(): void {
  for (const env of getConfig().environments) traceIndexerFor(env.name);
}
