"use client";
// A MetricChart whose series is fetched from the series API and refreshed after every poll.
import { useLiveOverview } from "@/components/live/live-overview";
import type { ApiPath } from "@/lib/dto/api-paths";
import type { ChartSeries } from "@/lib/dto/series";
import { MetricChart } from "./metric-chart";
import { useRefreshingJson } from "./use-refreshing-json";

export function LiveMetricChart({ title, url, rangeMs }: { title: string; url: ApiPath; rangeMs: number }) {
  const { overview } = useLiveOverview();
  const { data, error } = useRefreshingJson<ChartSeries>(url, overview.poll.polledAt);
  if (error)
    return (
      <p className="rounded-lg border border-red-200 p-3 text-xs text-red-700 dark:border-red-900 dark:text-red-300">
        {title}: {error}
      </p>
    );
  const end = overview.poll.polledAt ? Date.parse(overview.poll.polledAt) : (data?.points.at(-1)?.t ?? 0);
  return <MetricChart title={title} series={data} rangeMs={rangeMs} end={end} />;
}
