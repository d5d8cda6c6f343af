"use client";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { apiPaths } from "@/lib/dto/api-paths";
import type { StreamRow } from "@/lib/dto/estate";
import type { ShownRows } from "@/lib/dto/params";

export type SparklineData = {
  streams: Record<string, (number | null)[]>;
  consumers: Record<string, (number | null)[]>;
};

/** The rows a page of the table shows, as the sparkline and incident queries name them (≤ 200 consumers). */
export function shownRows(rows: StreamRow[]): ShownRows {
  return {
    streams: rows.map((s) => s.name),
    consumers: rows.flatMap((s) => (s.consumerRows ?? []).map((c) => `${c.stream}/${c.name}`)).slice(0, 200),
  };
}

/** The last 15 minutes of the shown streams' in-rates and consumers' backlogs, refreshed after each poll. */
export function useSparklines(rows: ShownRows): SparklineData | undefined {
  const { overview } = useLiveOverview();
  return useRefreshingJson<SparklineData>(
    apiPaths.sparklines(overview.environment, rows),
    overview.poll.polledAt,
  ).data;
}
