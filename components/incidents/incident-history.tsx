"use client";
// Every incident kept (open first, worst first; then resolved, newest first), a page at a time with the state and
// page in the URL, counted in the header, refreshed after each poll.
import { useRouter } from "next/navigation";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IntentLink } from "@/components/ui/intent-link";
import { Pager } from "@/components/ui/pager";
import { formatCount } from "@/lib/core/format";
import { apiPaths } from "@/lib/dto/api-paths";
import { cursorOf } from "@/lib/dto/estate";
import type { IncidentList } from "@/lib/dto/incidents";
import { pagePaths } from "@/lib/dto/page-paths";
import { INCIDENT_PAGE } from "@/lib/dto/params";
import { IncidentRow } from "./incident-row";

type State = "open" | "resolved" | undefined;

const TAB =
  "rounded-md px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900";

export function IncidentHistory({
  env,
  state,
  page,
  initial,
}: {
  env: string;
  state: State;
  page: number;
  /** The page's incidents as the server rendered it. */
  initial?: IncidentList;
}) {
  const router = useRouter();
  const { overview } = useLiveOverview();
  const { data, error } = useRefreshingJson<IncidentList>(
    apiPaths.incidents(env, { state, limit: INCIDENT_PAGE, cursor: cursorOf(page, INCIDENT_PAGE) }),
    overview.poll.polledAt,
    initial,
  );
  const incidents = data?.incidents ?? [];
  const counts = data?.counts;
  const pages = data ? Math.max(1, Math.ceil(data.matched / INCIDENT_PAGE)) : 1;
  const tabs: { state: State; label: string }[] = [
    { state: undefined, label: counts ? `All ${formatCount(counts.open + counts.resolved)}` : "All" },
    { state: "open", label: counts ? `Open ${formatCount(counts.open)}` : "Open" },
    { state: "resolved", label: counts ? `Resolved ${formatCount(counts.resolved)}` : "Resolved" },
  ];
  const where = data?.openStreams[0];
  return (
    <Card>
      <CardHeader
        title="All incidents"
        description={
          error
            ? `Incidents could not be loaded: ${error}`
            : [
                "Open first, worst first; then resolved (kept 7 days).",
                counts && counts.open > 0
                  ? `${formatCount(counts.unacknowledged)} open not acknowledged.`
                  : "",
                where && counts && counts.open > 1
                  ? `Most open on stream ${where.stream} (${formatCount(where.open)}).`
                  : "",
                data?.sendingReplica ? `Notifications are sent by ${data.sendingReplica}.` : "",
              ]
                .filter(Boolean)
                .join(" ")
        }
        actions={
          <nav aria-label="Incidents by state" className="flex gap-1">
            {tabs.map((tab) => (
              <IntentLink
                key={tab.label}
                href={pagePaths.incidents(env, { state: tab.state })}
                aria-current={tab.state === state ? "page" : undefined}
                className={TAB}
              >
                {tab.label}
              </IntentLink>
            ))}
          </nav>
        }
      />
      {!data && !error ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Loading incidents…</p>
      ) : incidents.length === 0 ? (
        <EmptyState title={state ? `No ${state} incidents` : "No incidents yet"}>
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
      {data && data.matched > INCIDENT_PAGE ? (
        <Pager
          offset={data.offset}
          shown={incidents.length}
          matched={data.matched}
          total={data.matched}
          page={Math.min(page, pages)}
          pages={pages}
          onPage={(next) => router.push(pagePaths.incidents(env, { state, page: next }), { scroll: false })}
          noun="incidents"
        />
      ) : null}
    </Card>
  );
}
