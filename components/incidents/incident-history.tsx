"use client";
// Every incident kept (open first, then resolved, newest first), refreshed after each poll.
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import type { IncidentList } from "@/lib/dto/incidents";
import { IncidentRow } from "./incident-row";

export function IncidentHistory({ env }: { env: string }) {
  const { overview } = useLiveOverview();
  const { data, error } = useRefreshingJson<IncidentList>(apiPaths.incidents(env), overview.poll.polledAt);
  const incidents = data?.incidents ?? [];
  return (
    <Card>
      <CardHeader
        title="All incidents"
        description={
          error
            ? `Incidents could not be loaded: ${error}`
            : `Open first, then resolved (kept 7 days).${data?.sendingReplica ? ` Notifications are sent by ${data.sendingReplica}.` : ""}`
        }
      />
      {!data && !error ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Loading incidents…</p>
      ) : incidents.length === 0 ? (
        <EmptyState title="No incidents yet">
          When health findings fire, those that share a cause open one incident here; it resolves once every
          symptom has stayed clear for the settle period.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="incident-history">
          {incidents.map((i) => (
            <IncidentRow key={i.id} env={env} incident={i} />
          ))}
        </ul>
      )}
    </Card>
  );
}
