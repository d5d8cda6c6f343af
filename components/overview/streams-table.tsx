"use client";
// Streams with their consumers, live, one page at a time: filtered, sorted and paged on the server, the page's
// rows pushed to this tab after each poll. Filter, sort and page live in the URL.
import { RowLink } from "@/components/ui/row-link";
import { usePathname } from "next/navigation";
import { Fragment, useCallback, useEffect, useState } from "react";
import { useLiveOverview, useLiveView } from "@/components/live/live-overview";
import { incidentAbout, useIncidentsAbout } from "@/components/incidents/use-incidents";
import { Card, CardHeader } from "@/components/ui/card";
import { apiPaths } from "@/lib/dto/api-paths";
import { EmptyState } from "@/components/ui/empty-state";
import {
  cursorOf,
  MAX_OPEN,
  OPEN_ALL_UP_TO,
  tableSearch,
  tableState,
  type Page,
  type StreamRow,
  type TableState,
} from "@/lib/dto/estate";
import { HEADERS } from "./columns";
import { ConsumerRowView } from "./consumer-rows";
import { StreamRowView } from "./stream-row";
import { Pager } from "@/components/ui/pager";
import { SortSelect, StreamFilter } from "./table-controls";
import { shownRows, useSparklines } from "./use-sparklines";
import { ScrollBox } from "@/components/ui/scroll-box";

const HEAD = "px-3 py-2 text-right font-medium whitespace-nowrap";

export function StreamsTable({
  initial,
  initialState,
  pageSize,
}: {
  initial: Page<StreamRow>;
  /** From the page URL, as the server read it. */
  initialState: TableState;
  pageSize: number;
}) {
  const { overview } = useLiveOverview();
  const pathname = usePathname();
  // The table's own state, written to the URL. It is not read back with useSearchParams: Next's router applies each
  // history change in a transition that re-renders every reader of the search params, on every keystroke.
  const [state, setState] = useState(initialState);
  useEffect(() => {
    const back = () => setState(tableState(new URLSearchParams(window.location.search)));
    window.addEventListener("popstate", back);
    return () => window.removeEventListener("popstate", back);
  }, []);
  // Small estates show every consumer; large ones start collapsed and open streams one by one.
  const openAll = overview.totals.appConsumers <= OPEN_ALL_UP_TO;
  const [opened, setOpened] = useState<string[]>([]);
  const query = {
    filter: state.filter,
    sort: state.sort,
    cursor: cursorOf(state.page, pageSize),
    limit: pageSize,
    open: openAll ? "*" : opened.join(","),
  };
  // A changed filter, sort or page is fetched from the list API at once; the event stream follows.
  const { data: page, pending } = useLiveView<Page<StreamRow>>(
    { view: "streams", ...query },
    initial,
    apiPaths.streams(overview.environment, query),
  );
  const rows = shownRows(page.items);
  const sparklines = useSparklines(rows);
  const incidents = useIncidentsAbout(rows);
  const env = overview.environment;
  const go = (next: Partial<TableState>, push = false) => {
    const changed = { ...state, ...next };
    setState(changed);
    const url = `${pathname}${tableSearch(changed)}`;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };
  // Stable, so a row's props stay equal from render to render and the memoised row is not drawn again.
  const toggle = useCallback(
    (name: string) =>
      setOpened((list) =>
        list.includes(name) ? list.filter((n) => n !== name) : [...list, name].slice(-MAX_OPEN),
      ),
    [],
  );
  const pages = Math.max(1, Math.ceil(page.matched / pageSize));
  const streamHref = (name: string) => `/${env}/streams/${encodeURIComponent(name)}`;
  return (
    <Card>
      <CardHeader
        title="Streams and consumers"
        description={
          openAll
            ? "Live from the last poll; backlog = pending + ack pending."
            : "Live from the last poll; backlog = pending + ack pending. Open a stream to see its worst consumers."
        }
        actions={
          <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
            <StreamFilter value={state.filter} onChange={(filter) => go({ filter, page: 1 })} />
            <SortSelect value={state.sort} onChange={(sort) => go({ sort, page: 1 }, true)} />
          </div>
        }
      />
      {page.total === 0 ? (
        <EmptyState title={overview.poll.polledAt ? "No streams in this account" : "No data yet"}>
          {overview.poll.polledAt
            ? "Create a stream (for example with `nats stream add`) or run `npm run demo` to see a simulated agent system."
            : "Switchyard has not completed a poll of this environment yet; the banner above says why."}
        </EmptyState>
      ) : page.matched === 0 ? (
        <EmptyState title={`No stream matches “${state.filter}”`}>
          Clear the filter to see all {page.total} streams.
        </EmptyState>
      ) : (
        <ScrollBox label="Streams and consumers" className="overflow-x-auto">
          <table
            aria-busy={pending}
            className={`w-full text-sm transition-opacity ${overview.poll.stale || pending ? "opacity-60" : ""}`}
          >
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900/60 dark:text-zinc-300">
              <tr>
                <th className="px-3 py-2 text-left font-medium">Stream / consumer</th>
                {HEADERS.map(([label, visibility]) => (
                  <th key={label} className={`${HEAD} ${visibility}`}>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <Fragment key={s.name}>
                  <StreamRowView
                    stream={s}
                    href={streamHref(s.name)}
                    sparkline={sparklines?.streams[s.name]}
                    incident={incidentAbout(incidents, s.name)}
                    env={env}
                    open={opened.includes(s.name)}
                    onToggle={openAll || s.consumers === 0 ? undefined : toggle}
                  />
                  {(s.consumerRows ?? []).map((c) => (
                    <ConsumerRowView
                      key={c.name}
                      consumer={c}
                      href={`${streamHref(s.name)}/consumers/${encodeURIComponent(c.name)}`}
                      sparkline={sparklines?.consumers[`${c.stream}/${c.name}`]}
                      incident={incidentAbout(incidents, c.stream, c.name)}
                      env={env}
                    />
                  ))}
                  {s.consumerRows && s.consumers > s.consumerRows.length ? (
                    <tr className="border-t border-zinc-100 dark:border-zinc-800/60">
                      <td colSpan={10} className="py-1.5 pl-8 text-xs text-zinc-600 dark:text-zinc-400">
                        {s.consumers - s.consumerRows.length} more on the{" "}
                        <RowLink href={streamHref(s.name)} className="underline">
                          stream page
                        </RowLink>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {page.matched > 0 ? (
        <Pager
          offset={page.offset}
          shown={page.items.length}
          matched={page.matched}
          total={page.total}
          page={Math.min(state.page, pages)}
          pages={pages}
          onPage={(p) => go({ page: p }, true)}
          noun="streams"
        />
      ) : null}
    </Card>
  );
}
