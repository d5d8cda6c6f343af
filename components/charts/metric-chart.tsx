"use client";
// A time-series chart for one metric: the line is the bucket average, the band its min–max, gaps stay gaps.
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { memo } from "react";
import type { ChartSeries } from "@/lib/dto/series";
import { formatUtc } from "@/lib/core/format";
import { formatAxisTime, formatAxisValue, formatBucketWidth, formatMetric } from "./format-metric";

/** `end` is the right edge of the time axis (ms), normally the time of the latest poll. Memoised: a chart redraws
 * only when its series or its axis changes, not with every update of the page around it. */
export const MetricChart = memo(function MetricChart({
  title,
  series,
  rangeMs,
  end,
  height = 180,
}: {
  title: string;
  series: ChartSeries | undefined;
  rangeMs: number;
  end: number;
  height?: number;
}) {
  const now = end;
  const data = (series?.points ?? []).map((p) => ({
    t: p.t,
    value: p.value,
    band: p.min === null || p.max === null ? null : [p.min, p.max],
  }));
  const hasData = data.some((p) => p.value !== null);
  return (
    <figure
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={`chart-${series?.metric ?? title}`}
    >
      <figcaption className="mb-2 flex items-baseline justify-between text-xs">
        <span className="font-semibold">{title}</span>
        <span className="text-zinc-500">
          {series ? `${series.unit}, ${formatBucketWidth(series.widthMs)} buckets` : "loading…"}
        </span>
      </figcaption>
      {!hasData ? (
        <div className="grid place-items-center text-xs text-zinc-500" style={{ height }}>
          {series ? "No samples in this range yet." : "Loading…"}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[now - rangeMs, now]}
              scale="time"
              tickFormatter={(t: number) => formatAxisTime(t, rangeMs)}
              tick={{ fontSize: 11 }}
              stroke="currentColor"
              className="text-zinc-500"
            />
            <YAxis
              width={56}
              tickFormatter={(v: number) => formatAxisValue(v, series!.unit)}
              tick={{ fontSize: 11 }}
              stroke="currentColor"
              className="text-zinc-500"
              allowDecimals
            />
            <Tooltip
              labelFormatter={(t) => formatUtc(new Date(Number(t)).toISOString())}
              formatter={(value, name) =>
                Array.isArray(value)
                  ? [
                      `${formatMetric(Number(value[0]), series!.unit)} – ${formatMetric(Number(value[1]), series!.unit)}`,
                      "min–max",
                    ]
                  : [formatMetric(Number(value), series!.unit), name === "value" ? "average" : String(name)]
              }
              contentStyle={{ fontSize: 12 }}
            />
            <Area
              dataKey="band"
              stroke="none"
              fill="currentColor"
              className="text-sky-500/20"
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              dataKey="value"
              stroke="currentColor"
              className="text-sky-600 dark:text-sky-400"
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
