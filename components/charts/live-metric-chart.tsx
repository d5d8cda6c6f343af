"use client";
// A MetricChart whose first series comes with the page and is refreshed from the series API as polls arrive: once
// per point of the chart (range ÷ CHART_POINTS, at least 5 s), so a page of ten charts does not fetch and redraw
// them all after every poll of a 1 s interval.
import { useLiveOverview } from "@/components/live/live-overview";
import type { ApiPath } from "@/lib/dto/api-paths";
import { CHART_POINTS, type ChartSeries } from "@/lib/dto/series";
import { MetricChart } from "./metric-chart";
import { useRefreshingJson } from "./use-refreshing-json";

const MIN_REFRESH_MS = 5000;

/** The time a chart is drawn up to: the latest poll, rounded down to the chart's refresh step. */
export function chartEnd(polledAtMs: number, rangeMs: number): number {
  const step = Math.max(MIN_REFRESH_MS, Math.floor(rangeMs / CHART_POINTS));
  return Math.floor(polledAtMs / step) * step;
}

export function LiveMetricChart({
  title,
  url,
  rangeMs,
  initial,
}: {
  title: string;
  url: ApiPath;
  rangeMs: number;
  initial?: ChartSeries;
}) {
  const { overview } = useLiveOverview();
  const end = overview.poll.polledAt ? chartEnd(Date.parse(overview.poll.polledAt), rangeMs) : null;
  const { data, error } = useRefreshingJson<ChartSeries>(url, end, initial);
  if (error)
    return (
      <p className="rounded-lg border border-red-200 p-3 text-xs text-red-700 dark:border-red-900 dark:text-red-300">
        {title}: {error}
      </p>
    );
  return (
    <MetricChart title={title} series={data} rangeMs={rangeMs} end={end ?? data?.points.at(-1)?.t ?? 0} />
  );
}
