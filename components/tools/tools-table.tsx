"use client";
// One row per tool, refreshed after every poll: rates, queue figures, latency percentiles, outcomes, duplicates.
import { RowLink } from "@/components/ui/row-link";
import { usePathname } from "next/navigation";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import type { ToolList, ToolListQuery, ToolSort, ToolSummary } from "@/lib/dto/tools";
import { formatAge, formatCount, formatMillis } from "@/lib/core/format";
import { nextSort, toolListSearch } from "./tool-list-url";
import { OutcomeBadges } from "./outcome-badges";
import { ScrollBox } from "@/components/ui/scroll-box";

const CELL = "num px-3 py-2 text-right whitespace-nowrap";

function SortHeading({
  query,
  sort,
  label,
  title,
  left = false,
}: {
  query: ToolListQuery;
  sort: ToolSort;
  label: string;
  title?: string;
  left?: boolean;
}) {
  const pathname = usePathname();
  const active = query.sort === sort;
  const dir = query.dir ?? (query.sort === "tool" ? "asc" : "desc");
  return (
    <th
      scope="col"
      title={title}
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      className={`px-3 py-2 font-medium whitespace-nowrap ${left ? "text-left" : "text-right"} ${sort === "tool" ? "sticky left-0 bg-zinc-50 dark:bg-zinc-900" : ""}`}
    >
      <RowLink
        href={`${pathname}${toolListSearch(nextSort(query, sort))}`}
        scroll={false}
        className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
      >
        {label}
        {active ? (dir === "asc" ? " ▲" : " ▼") : ""}
      </RowLink>
    </th>
  );
}

/** Time in a worker (p95) at or past the consumer's ack wait is red, past 80 % of it amber; queue wait aside. */
function latencyTone(s: ToolSummary): string {
  if (s.latency.serviceP95 === null || s.ackWaitSeconds === null) return "";
  const share = s.latency.serviceP95 / (s.ackWaitSeconds * 1000);
  if (share >= 1) return "text-red-700 dark:text-red-400 font-semibold";
  if (share >= 0.8) return "text-amber-700 dark:text-amber-400 font-semibold";
  return "";
}

export function ToolsTable({
  environment,
  initial,
  query,
}: {
  environment: string;
  initial: ToolList;
  query: ToolListQuery;
}) {
  const { overview } = useLiveOverview();
  const { data } = useRefreshingJson<ToolList>(apiPaths.tools(environment, query), overview.poll.polledAt);
  const list = data ?? initial;
  if (list.tools.length === 0) {
    return list.total > 0 ? (
      <EmptyState title="No tool matches these filters">
        {formatCount(list.total)} tools seen. Clear the name filter or untick “only tools with failures”.
      </EmptyState>
    ) : (
      <EmptyState title="No tool calls seen yet">
        Tools appear with their first request on <code className="font-mono">tools.execute.&lt;tool&gt;</code>{" "}
        (or where a request rule of <code className="font-mono">traces.keyRules</code> names its{" "}
        <code className="font-mono">tool</code>). Work-queue streams need the trace tap to be seen. Run{" "}
        <code className="font-mono">npm run demo</code> to see the simulated agent system.
      </EmptyState>
    );
  }
  return (
    <ScrollBox label="Tools" className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">
          Tools, figures over the last {list.windowMinutes} minutes; select a heading to sort
        </caption>
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            <SortHeading query={query} sort="tool" label="Tool" left />
            <SortHeading query={query} sort="requestsPerMinute" label="Req/min" />
            <SortHeading
              query={query}
              sort="inFlight"
              label="In flight"
              title="Delivered, not yet acknowledged"
            />
            <SortHeading query={query} sort="backlog" label="Backlog" title="Waiting for a worker" />
            <SortHeading
              query={query}
              sort="oldestWaitingSeconds"
              label="Oldest waiting"
              title="Age of the oldest request not yet acknowledged (waiting or in flight)"
            />
            <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
              Workers
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
              p50
            </th>
            <SortHeading query={query} sort="p95" label="p95" title="Request → result, 95th percentile" />
            <SortHeading query={query} sort="p99" label="p99" />
            <SortHeading
              query={query}
              sort="failureRate"
              label="Outcomes"
              title="Sorted by failure rate: terminated + max deliveries ÷ finished calls"
              left
            />
            <SortHeading query={query} sort="redeliveries" label="Redeliveries" />
            <SortHeading
              query={query}
              sort="duplicates"
              label="Duplicates"
              title="Executions beyond the first: redelivered without a NAK while unacknowledged, or a second result"
            />
          </tr>
        </thead>
        <tbody>
          {list.tools.map((s) => (
            <tr
              key={s.tool}
              data-testid="tool-row"
              data-tool={s.tool}
              className="border-t border-zinc-100 dark:border-zinc-800"
            >
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left dark:bg-zinc-900">
                <RowLink
                  href={`/${environment}/tools/${encodeURIComponent(s.tool)}`}
                  className="font-mono font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                >
                  {s.tool}
                </RowLink>
              </th>
              <td className={CELL}>{s.requestsPerMinute.toFixed(s.requestsPerMinute < 10 ? 1 : 0)}</td>
              <td className={CELL} data-testid="tool-in-flight">
                {s.inFlight === null ? "—" : formatCount(s.inFlight)}
              </td>
              <td
                className={`${CELL} ${s.backlog ? "font-semibold text-amber-700 dark:text-amber-400" : ""}`}
                data-testid="tool-backlog"
              >
                {s.backlog === null ? "—" : formatCount(s.backlog)}
              </td>
              <td className={CELL} data-testid="tool-oldest">
                {s.oldestWaitingSeconds === null ? "—" : formatAge(s.oldestWaitingSeconds)}
              </td>
              <td
                className={CELL}
                title={`${s.consumers} consumer(s), ${s.waitingPulls} outstanding pull request(s)${s.sharedConsumers ? "; shared with other tools" : ""}`}
              >
                {s.consumers} · {formatCount(s.waitingPulls)}
                {s.sharedConsumers ? "*" : ""}
              </td>
              <td className={CELL}>{formatMillis(s.latency.p50)}</td>
              <td
                className={`${CELL} ${latencyTone(s)}`}
                title={
                  s.ackWaitSeconds === null
                    ? undefined
                    : `in a worker p95 ${formatMillis(s.latency.serviceP95)} · ack wait ${formatMillis(s.ackWaitSeconds * 1000)}`
                }
              >
                {formatMillis(s.latency.p95)}
              </td>
              <td className={CELL}>{formatMillis(s.latency.p99)}</td>
              <td className="px-3 py-2">
                <OutcomeBadges counts={s.window} />
              </td>
              <td className={CELL}>{formatCount(s.window.redeliveries)}</td>
              <td
                className={`${CELL} ${s.window.duplicates ? "font-semibold text-red-700 dark:text-red-400" : ""}`}
                data-testid="tool-duplicates"
              >
                {formatCount(s.window.duplicates)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        Figures over the last {list.windowMinutes} minutes; workers = consumers · waiting pulls (* shared with
        other tools). Latency is request → result, paired by request id.
      </p>
    </ScrollBox>
  );
}
