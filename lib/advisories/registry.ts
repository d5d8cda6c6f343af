// Per-environment advisory tails on globalThis; advisoryCounters() is what queue-health reads.
import "server-only";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import type { AdvisoryCounts } from "./advisory-counters";
import { AdvisoryTail } from "./advisory-tail";

const KEY = Symbol.for("switchyard.advisoryTails");
type Holder = { [KEY]?: Map<string, AdvisoryTail> };

function tailFor(environment: string): AdvisoryTail {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  const existing = holder[KEY].get(environment);
  if (existing) return existing;
  const env = environmentConnection(environment);
  const tail = new AdvisoryTail(() => env.connection(), env.apiPrefix()).start();
  holder[KEY].set(environment, tail);
  return tail;
}

/** Cumulative NAK / max-deliveries / terminated counts keyed `${stream}/${consumer}`. */
export function advisoryCounters(environment: string): ReadonlyMap<string, AdvisoryCounts> {
  return tailFor(environment).counters.snapshot();
}

export function startAllAdvisoryTails(): void {
  for (const env of getConfig().environments) tailFor(env.name);
}
