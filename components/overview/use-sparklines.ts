"use client";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { apiPaths } from "@/lib/dto/api-paths";
import type { StreamRow } from "@/lib/dto/estate";

export type SparklineData = {
  streams: Record<string, (number | null)[]>;
  consumers: Record<string, (number | null)[]>;
};

/** The last 15 minutes of the shown streams' in-rates and consumers' backlogs, refreshed after each poll. */
export function useSparklines(rows: StreamRow[]): SparklineData | undefined {
  const { overview } = useLiveOverview();
  const streams = rows.map((s) => s.name);
  const consumers = rows.flatMap((s) => (s.consumerRows ?? []).map((c) => `${c.stream}/${c.name}`));
  return useRefreshingJson<SparklineData>(
    apiPaths.sparklines(overview.environment, { streams, consumers: consumers.slice(0, 200) }),
    overview.poll.polledAt,
  ).data;
}
