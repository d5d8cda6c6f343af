// Turns the tool rows into history samples (one series per tool and metric, keyed `t:<tool>:<metric>`).
import { TOOL_METRICS, type ToolMetric, type ToolSummary } from "@/lib/dto/tools";

/**
 * Tool history has its own subjects (`switchyard.history.<env>~tools.…`): '~' cannot occur in an environment
 * name, so it never mixes with the collector's history of that environment or another's.
 */
export const toolHistoryName = (environment: string) => `${environment}~tools`;

export const toolSeriesKey = (tool: string, metric: ToolMetric) => `t:${tool}:${metric}`;

const keyCache = new Map<string, string[]>();

function valueOf(s: ToolSummary, metric: ToolMetric, minutes: number): number | null {
  switch (metric) {
    case "requestsPerMinute":
      return s.requestsPerMinute;
    case "p50":
    case "p95":
    case "p99":
      return s.latency[metric] === null ? null : s.latency[metric] / 1000;
    case "inFlight":
      return s.inFlight;
    case "backlog":
      return s.backlog;
    case "oldestWaitingSeconds":
      return s.oldestWaitingSeconds;
    case "okPerMinute":
      return s.window.ok / minutes;
    case "nakedPerMinute":
      return s.window.naked / minutes;
    case "terminatedPerMinute":
      return s.window.terminated / minutes;
    case "maxDeliveriesPerMinute":
      return s.window.maxDeliveries / minutes;
    case "deadLetteredPerMinute":
      return s.window.deadLettered / minutes;
    case "redeliveriesPerMinute":
      return s.window.redeliveries / minutes;
    case "duplicatesPerMinute":
      return s.window.duplicates / minutes;
  }
}

/** One poll's tool samples as parallel arrays (null = no value, a gap). */
export function toolSamples(
  summaries: readonly ToolSummary[],
  windowMinutes: number,
): { keys: string[]; values: (number | null)[] } {
  const keys: string[] = [];
  const values: (number | null)[] = [];
  for (const s of summaries) {
    let cached = keyCache.get(s.tool);
    if (!cached) keyCache.set(s.tool, (cached = TOOL_METRICS.map((m) => toolSeriesKey(s.tool, m))));
    for (let i = 0; i < TOOL_METRICS.length; i++) {
      keys.push(cached[i]!);
      values.push(valueOf(s, TOOL_METRICS[i]!, windowMinutes));
    }
  }
  return { keys, values };
}
