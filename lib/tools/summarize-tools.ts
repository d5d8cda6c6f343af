// Pure: the tool rows (figures over the window plus the consumers behind each tool) from the stats and one poll.
import type { ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import type { ToolConsumer, ToolSummary } from "@/lib/dto/tools";
import { subjectMatches } from "@/lib/core/subjects";
import type { ToolState, ToolStats } from "./tool-stats";

const round = (n: number | null, digits = 3) =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

/** Consumer key (`stream/consumer`) → the tools whose request subjects its filters match. */
export function consumerTools(stats: ToolStats, streams: readonly StreamSummary[]): Map<string, ToolState[]> {
  const served = new Map<string, ToolState[]>();
  const byStream = new Map<string, { tool: ToolState; subject: string }[]>();
  for (const tool of stats.tools.values()) {
    for (const key of tool.subjects) {
      const [stream, subject] = key.split("\0") as [string, string];
      let list = byStream.get(stream);
      if (!list) byStream.set(stream, (list = []));
      list.push({ tool, subject });
    }
  }
  for (const s of streams) {
    const subjects = byStream.get(s.name);
    if (!subjects) continue;
    for (const c of s.consumers) {
      if (!c.durable || c.internal) continue;
      const tools = new Set<ToolState>();
      for (const { tool, subject } of subjects)
        if (c.filterSubjects.length === 0 || c.filterSubjects.some((f) => subjectMatches(f, subject)))
          tools.add(tool);
      if (tools.size) served.set(`${s.name}/${c.name}`, [...tools]);
    }
  }
  return served;
}

export function toolConsumers(
  tool: ToolState,
  streams: readonly StreamSummary[],
  served: ReadonlyMap<string, ToolState[]>,
): { summary: ConsumerSummary; shared: boolean }[] {
  const out: { summary: ConsumerSummary; shared: boolean }[] = [];
  for (const s of streams)
    for (const c of s.consumers) {
      const tools = served.get(`${s.name}/${c.name}`);
      if (tools?.includes(tool)) out.push({ summary: c, shared: tools.length > 1 });
    }
  return out;
}

export function consumerView(c: ConsumerSummary, shared: boolean): ToolConsumer {
  return {
    stream: c.stream,
    consumer: c.name,
    ackWaitSeconds: c.ackWaitSeconds,
    maxDeliver: c.maxDeliver,
    numPending: c.numPending,
    numAckPending: c.numAckPending,
    numWaiting: c.numWaiting,
    oldestWaitingSeconds: c.oldestUnprocessedAgeSeconds,
    shared,
  };
}

export function summarizeTool(
  stats: ToolStats,
  tool: ToolState,
  consumers: readonly { summary: ConsumerSummary; shared: boolean }[],
  now: number,
): ToolSummary {
  const { counts, sketch, service } = tool.window.read(now);
  const finished = counts.ok + counts.terminated + counts.maxDeliveries;
  const hasConsumers = consumers.length > 0;
  const sum = (f: (c: ConsumerSummary) => number) => consumers.reduce((n, { summary }) => n + f(summary), 0);
  const ages = consumers
    .map(({ summary }) => summary.oldestUnprocessedAgeSeconds)
    .filter((a): a is number => a !== null);
  return {
    tool: tool.name,
    requestsPerMinute: round(counts.requests / stats.options.windowMinutes, 2)!,
    inFlight: hasConsumers ? sum((c) => c.numAckPending) : null,
    backlog: hasConsumers ? sum((c) => c.numPending) : null,
    oldestWaitingSeconds: ages.length ? Math.max(...ages) : null,
    consumers: consumers.length,
    waitingPulls: sum((c) => c.numWaiting),
    ackWaitSeconds: hasConsumers ? Math.min(...consumers.map(({ summary }) => summary.ackWaitSeconds)) : null,
    sharedConsumers: consumers.some((c) => c.shared),
    latency: {
      p50: round(sketch.quantile(0.5)),
      p95: round(sketch.quantile(0.95)),
      p99: round(sketch.quantile(0.99)),
      samples: sketch.count,
      serviceP95: round(service.quantile(0.95)),
    },
    window: counts,
    total: stats.totals(tool),
    failureRate: finished > 0 ? round((counts.terminated + counts.maxDeliveries) / finished, 4) : null,
    lastSeen: tool.lastSeen > 0 ? new Date(tool.lastSeen).toISOString() : null,
  };
}
