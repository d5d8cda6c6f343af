"use client";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { apiPaths } from "@/lib/dto/api-paths";

export type SparklineData = {
  streams: Record<string, (number | null)[]>;
  consumers: Record<string, (number | null)[]>;
};

/** The last 15 minutes of stream in-rates and consumer backlogs, refreshed after each poll. */
export function useSparklines(): SparklineData | undefined {
  const { overview } = useLiveOverview();
  return useRefreshingJson<SparklineData>(apiPaths.sparklines(overview.environment), overview.poll.polledAt)
    .data;
}
