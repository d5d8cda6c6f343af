// Reduces a series to at most `maxPoints` points for a chart, keeping each group's min and max so peaks survive.
import { CHART_POINTS } from "@/lib/dto/series";
import type { SeriesPoint } from "./series-store";

export type ChartPoint = { t: number; value: number | null; min: number | null; max: number | null };

export function downsample(points: SeriesPoint[], maxPoints = CHART_POINTS): ChartPoint[] {
  const asChart = (p: SeriesPoint): ChartPoint =>
    "gap" in p
      ? { t: p.t, value: null, min: null, max: null }
      : { t: p.t, value: p.avg, min: p.min, max: p.max };
  if (points.length <= maxPoints) return points.map(asChart);
  const groupSize = Math.ceil(points.length / maxPoints);
  const out: ChartPoint[] = [];
  for (let i = 0; i < points.length; i += groupSize) {
    const group = points
      .slice(i, i + groupSize)
      .filter((p): p is Exclude<SeriesPoint, { gap: true }> => !("gap" in p));
    if (group.length === 0) {
      out.push({ t: points[i]!.t, value: null, min: null, max: null });
      continue;
    }
    const min = Math.min(...group.map((p) => p.min));
    const max = Math.max(...group.map((p) => p.max));
    const avg = group.reduce((n, p) => n + p.avg, 0) / group.length;
    out.push({ t: points[i]!.t, value: avg, min, max });
  }
  return out;
}
