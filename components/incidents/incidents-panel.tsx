"use client";
// The overview's first answer: open incidents (findings grouped by cause), worst first, and what resolved lately.
import { IntentLink } from "@/components/ui/intent-link";
import { useLiveOverview } from "@/components/live/live-overview";
import { useNow } from "@/components/live/use-now";
import { Card, CardHeader } from "@/components/ui/card";
import { IncidentRow } from "./incident-row";
import { useIncidents } from "./use-incidents";
import { formatCount } from "@/lib/core/format";
import { pagePaths } from "@/lib/dto/page-paths";
import type { IncidentList } from "@/lib/dto/incidents";

/** Resolved incidents stay on the overview this long. */
const RECENT_MS = 60 * 60_000;
/** Incidents the overview shows, worst first: the rest are counted, and a click away. */
const SHOWN = 6;

/** "296 critical, 4 warning · 300 not acknowledged · most on stream JOBS (290)". */
function summary({ counts, openStreams }: IncidentList): string {
  const levels = (["critical", "warning", "info"] as const)
    .filter((level) => counts[level] > 0)
    .map((level) => `${formatCount(counts[level])} ${level}`)
    .join(", ");
  const where = openStreams[0];
  return [
    levels,
    `${formatCount(counts.unacknowledged)} not acknowledged`,
    where && counts.open > 1 ? `most on stream ${where.stream} (${formatCount(where.open)})` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

export function IncidentsPanel() {
  const { overview } = useLiveOverview();
  const env = overview.environment;
  const now = useNow();
  const { data, error } = useIncidents({ limit: SHOWN });
  const incidents = data?.incidents ?? [];
  const open = incidents.filter((i) => i.state === "open");
  const recent = incidents
    .filter((i) => i.state === "resolved" && now - Date.parse(i.resolvedAt ?? "") < RECENT_MS)
    .slice(0, 3);
  const openCount = data?.counts.open ?? 0;
  const more = openCount - open.length;
  return (
    <Card>
      <CardHeader
        title={
          !data
            ? "Incidents"
            : openCount === 0
              ? "No open incidents"
              : `${formatCount(openCount)} open incident${openCount === 1 ? "" : "s"}`
        }
        description={
          error
            ? `Incidents could not be loaded: ${error}`
            : data && openCount > 0
              ? `${summary(data)}. Findings that share a cause are one incident, started at its first symptom.`
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
      {more > 0 ? (
        <p
          className="border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800"
          data-testid="more-incidents"
        >
          <IntentLink
            href={pagePaths.incidents(env, { state: "open" })}
            className="text-sky-700 hover:underline dark:text-sky-400"
          >
            {formatCount(more)} more open incident{more === 1 ? "" : "s"} →
          </IntentLink>
        </p>
      ) : null}
    </Card>
  );
}
