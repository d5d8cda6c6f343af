"use client";
// This environment's incidents, read again after every poll: a page of them with counts of all.
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Incident, IncidentList } from "@/lib/dto/incidents";
import type { ShownRows } from "@/lib/dto/params";

export function useIncidents(
  query: { state?: "open" | "resolved" | "all"; limit?: number; cursor?: string } = {},
): { data: IncidentList | undefined; error: string | undefined } {
  const { overview } = useLiveOverview();
  const { data, error } = useRefreshingJson<IncidentList>(
    apiPaths.incidents(overview.environment, query),
    overview.poll.polledAt,
  );
  return { data, error };
}

/**
 * The worst open incident about each of the rows a table shows (a stream's: any that names it; a consumer's: its
 * own), read again after every poll: the estate-wide list stops at 200, which at thousands leaves most rows unmarked.
 */
export function useIncidentsAbout(rows: ShownRows): Incident[] | undefined {
  const { overview } = useLiveOverview();
  const { data } = useRefreshingJson<IncidentList>(
    rows.streams.length + rows.consumers.length > 0
      ? apiPaths.incidents(overview.environment, { state: "open", ...rows })
      : null,
    overview.poll.polledAt,
  );
  return data?.incidents;
}

const RANK = { critical: 0, warning: 1, info: 2 } as const;

/**
 * The worst open incident about a row: a consumer's own incident, or for a stream any incident that names it
 * (its consumers' included).
 */
export function incidentAbout(
  incidents: readonly Incident[] | undefined,
  stream: string,
  consumer?: string,
): Incident | undefined {
  return (incidents ?? [])
    .filter((i) => i.state === "open" && i.where.stream === stream)
    .filter((i) => consumer === undefined || i.where.consumer === consumer)
    .sort((a, b) => RANK[a.severity] - RANK[b.severity])[0];
}
