// Read-side queries over the tool monitor: the list (filtered, sorted), one tool, one tool's history series.
import "server-only";
import { AppError } from "@/lib/core/errors";
import { RANGES, type ChartSeries, type RangeName } from "@/lib/dto/series";
import {
  TOOL_METRIC_UNITS,
  type ToolDetail,
  type ToolList,
  type ToolListQuery,
  type ToolMetric,
  type ToolSummary,
} from "@/lib/dto/tools";
import { downsample } from "@/lib/metrics/downsample";
import { collectorFor } from "@/lib/collector/registry";
import { toolMonitorFor } from "./registry";
import { toolSeriesKey } from "./tool-series";

const FIRST_POLL_WAIT_MS = 3000;

async function readyMonitor(environment: string) {
  const monitor = toolMonitorFor(environment);
  await Promise.race([
    collectorFor(environment).ready(),
    new Promise((resolve) => setTimeout(resolve, FIRST_POLL_WAIT_MS)),
  ]);
  return monitor;
}

function sortValue(s: ToolSummary, sort: ToolListQuery["sort"]): number | string | null {
  switch (sort) {
    case "tool":
      return s.tool;
    case "p95":
    case "p99":
      return s.latency[sort];
    case "redeliveries":
    case "duplicates":
      return s.window[sort];
    default:
      return s[sort];
  }
}

const hasProblem = (s: ToolSummary) =>
  s.window.duplicates > 0 ||
  s.window.terminated + s.window.maxDeliveries + s.window.deadLettered > 0 ||
  (s.backlog ?? 0) > 0;

/** The tool rows, filtered by name (`q`) and `problems`, sorted; nulls always last. */
export function filterTools(list: ToolList, query: ToolListQuery): ToolList {
  const q = query.q?.trim().toLowerCase();
  const dir = query.dir ?? (query.sort === "tool" ? "asc" : "desc");
  const tools = list.tools
    .filter((s) => (!q || s.tool.toLowerCase().includes(q)) && (query.problems !== "1" || hasProblem(s)))
    .sort((a, b) => {
      const x = sortValue(a, query.sort);
      const y = sortValue(b, query.sort);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = typeof x === "string" ? x.localeCompare(y as string) : x - (y as number);
      return (dir === "asc" ? order : -order) || a.tool.localeCompare(b.tool);
    });
  return { ...list, tools };
}

export async function getTools(environment: string, query: ToolListQuery): Promise<ToolList> {
  return filterTools((await readyMonitor(environment)).latest(), query);
}

export async function getTool(environment: string, tool: string): Promise<ToolDetail> {
  const detail = (await readyMonitor(environment)).detail(tool);
  if (!detail)
    throw new AppError(
      "tool_not_found",
      `no calls of tool ${JSON.stringify(tool)} seen in environment ${JSON.stringify(environment)}`,
    );
  return detail;
}

export async function getToolSeries(
  environment: string,
  tool: string,
  metric: ToolMetric,
  range: RangeName,
): Promise<ChartSeries> {
  const monitor = await readyMonitor(environment);
  const to = Date.now();
  const key = toolSeriesKey(tool, metric);
  const result = monitor.history.query(key, to - RANGES[range], to);
  // A tool with no call since start may still have restored history; one with neither is unknown.
  if (!monitor.stats.tools.has(tool) && result.points.every((p) => "gap" in p))
    await getTool(environment, tool);
  return {
    key,
    metric,
    unit: TOOL_METRIC_UNITS[metric],
    widthMs: result.widthMs,
    points: downsample(result.points),
  };
}
