// Per-environment advisory tails on globalThis; advisoryCounters() is what queue-health reads.
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import type { AdvisoryCounts } from "./advisory-counters";
import { AdvisoryTail } from "./advisory-tail";

function tailFor(environment: string): AdvisoryTail {
  return perEnvironment("advisoryTails", environment, () => {
    const env = environmentConnection(environment);
    const tail = new AdvisoryTail(() => env.connection(), env.apiPrefix()).start();
    return tail;
  });
}

/** Cumulative NAK / max-deliveries / terminated counts keyed by consumerKey(). */
export function advisoryCounters(environment: string): ReadonlyMap<string, AdvisoryCounts> {
  return tailFor(environment).counters.snapshot();
}

/** Whether a stream sequence reached max deliveries for a consumer: such a message is not "waiting". */
export function maxDeliveredCheck(
  environment: string,
): (stream: string, consumer: string, seq: number) => boolean {
  const counters = tailFor(environment).counters;
  return (stream, consumer, seq) => counters.isMaxDelivered(stream, consumer, seq);
}

export function startAllAdvisoryTails(): void {
  for (const env of getConfig().environments) tailFor(env.name);
}
