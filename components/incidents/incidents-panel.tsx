"use client";
// The overview's first answer: open incidents (findings grouped by cause), worst first, and what resolved lately.
import { IntentLink } from "@/components/ui/intent-link";
import { useLiveOverview } from "@/components/live/live-overview";
import { useNow } from "@/components/live/use-now";
import { Card, CardHeader } from "@/components/ui/card";
import { IncidentRow } from "./incident-row";
import { useIncidents } from "./use-incidents";

/** Resolved incidents stay on the overview this long. */
const RECENT_MS = 60 * 60_000;

export function IncidentsPanel() {
  const { overview } = useLiveOverview();
  const env = overview.environment;
  const now = useNow();
  const { data, error } = useIncidents();
  const incidents = data?.incidents ?? [];
  const open = incidents.filter((i) => i.state === "open");
  const recent = incidents
    .filter((i) => i.state === "resolved" && now - Date.parse(i.resolvedAt ?? "") < RECENT_MS)
    .slice(0, 3);
  const unacked = open.filter((i) => !i.acknowledged).length;
  return (
    <Card>
      <CardHeader
        title={
          !data
            ? "Incidents"
            : open.length === 0
              ? "No open incidents"
              : `${open.length} open incident${open.length === 1 ? "" : "s"}`
        }
        description={
          error
            ? `Incidents could not be loaded: ${error}`
            : open.length > 0
              ? `${unacked} not acknowledged. Findings that share a cause are one incident, started at its first symptom.`
              : "Findings that share a cause (one consumer, one stream, NATS itself) become one incident here."
        }
        actions={
          <IntentLink
            href={`/${env}/incidents`}
            className="text-xs text-sky-700 hover:underline dark:text-sky-400"
          >
            History, silences and notifications →
          </IntentLink>
        }
      />
      {!data && !error ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Loading incidents…</p>
      ) : open.length + recent.length === 0 ? (
        <p className="px-4 py-3 text-sm text-emerald-700 dark:text-emerald-400" data-testid="no-incidents">
          Nothing needs you now.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="incidents">
          {[...open, ...recent].map((i) => (
            <IncidentRow key={i.id} env={env} incident={i} />
          ))}
        </ul>
      )}
    </Card>
  );
}
