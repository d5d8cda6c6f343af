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

/** Whether a stream sequence reached max deliveries for a consumer: such a message is not "waiting". */
export function maxDeliveredCheck(environment: string): (stream: string, consumer: string, seq: number) => boolean {
  const counters = tailFor(environment).counters;
  return (stream, consumer, seq) => counters.isMaxDelivered(stream, consumer, seq);
}

export function startAllAdvisoryTails(): void {
  for (const env of getConfig().environments) tailFor(env.name);
}
