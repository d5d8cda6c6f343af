"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useLiveOverview, useLiveView } from "@/components/live/live-overview";
import { Pager } from "@/components/ui/pager";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import { apiPaths } from "@/lib/dto/api-paths";
import { cursorOf } from "@/lib/dto/estate";
import type { StreamView } from "@/lib/dto/live-view";
import { formatBytes, formatCount, formatDuration, formatRate } from "@/lib/core/format";
import type { StreamMetric } from "@/lib/core/series-keys";
import { LiveMetricChart } from "@/components/charts/live-metric-chart";
import { HistoryHeader } from "@/components/charts/range-picker";
import { RANGES, type ChartSeries, type RangeName } from "@/lib/dto/series";
import { CONSUMER_PAGE, pageParam } from "./table-pages";
import { ConsumersTable } from "./consumers-table";
import { ReplicasCard } from "./replicas-card";
import { SubjectsTable } from "./subjects-table";

function limit(value: number, format: (n: number) => string, use: number | null): string {
  if (value <= 0) return "unlimited";
  return use === null ? format(value) : `${format(value)} · ${Math.round(use * 100)}% used`;
}

export function StreamDetail({
  initial,
  range,
  series = {},
}: {
  initial: StreamView;
  range: RangeName;
  /** The charts' first data, read with the page. */
  series?: Partial<Record<StreamMetric, ChartSeries>>;
}) {
  const { overview } = useLiveOverview();
  const pathname = usePathname();
  const search = useSearchParams();
  const cpage = pageParam(search.get("cpage"));
  const first = initial.stream!;
  const request = {
    view: "stream",
    stream: first.name,
    limit: CONSUMER_PAGE,
    cursor: cursorOf(cpage, CONSUMER_PAGE),
  } as const;
  // Another page of consumers is fetched at once; the event stream for it follows.
  const { data } = useLiveView<StreamView>(request, initial, apiPaths.view(overview.environment, request));
  const live = data.stream;
  const s = live ?? first;
  const env = overview.environment;
  const pages = Math.max(1, Math.ceil(data.consumers.matched / CONSUMER_PAGE));
  const toPage = (page: number) => {
    const next = new URLSearchParams(search);
    if (page > 1) next.set("cpage", String(page));
    else next.delete("cpage");
    const text = next.toString();
    window.history.pushState(null, "", text ? `${pathname}?${text}` : pathname);
  };
  const base = `/${env}/streams/${encodeURIComponent(s.name)}`;
  const seriesUrl = (metric: StreamMetric) => apiPaths.streamSeries(env, s.name, { metric, range });
  return (
    <>
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">{s.name}</h1>
        <span className="font-mono text-sm text-zinc-500 dark:text-zinc-400">{s.subjects.join(", ")}</span>
        <Badge>{s.retention}</Badge>
        <Badge>{s.storage}</Badge>
        {s.replicas > 1 ? <Badge>R{s.replicas}</Badge> : null}
        {!live && overview.poll.polledAt ? <Badge tone="bad">not in the last poll: deleted?</Badge> : null}
      </div>
      {s.description ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{s.description}</p> : null}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <Stat
          label="Messages"
          value={formatCount(s.messages)}
          hint={`seq ${formatCount(s.firstSeq)} – ${formatCount(s.lastSeq)}`}
        />
        <Stat label="Bytes" value={formatBytes(s.bytes)} />
        <Stat label="In-rate" value={formatRate(s.inRate)} />
        <Stat label="Subjects" value={s.subjectCount === undefined ? "—" : formatCount(s.subjectCount)} />
        <Stat label="Oldest stored" value={<RelativeTime iso={s.firstTs} />} />
        <Stat label="Newest stored" value={<RelativeTime iso={s.lastTs} />} />
      </dl>
      <HistoryHeader range={range} basePath={base} />
      <div className="grid gap-3 md:grid-cols-2">
        <LiveMetricChart
          title="Stored messages"
          url={seriesUrl("messages")}
          initial={series.messages}
          rangeMs={RANGES[range]}
        />
        <LiveMetricChart
          title="In-rate"
          url={seriesUrl("inRate")}
          initial={series.inRate}
          rangeMs={RANGES[range]}
        />
      </div>
      <Card>
        <CardHeader
          title="Limits"
          description="When a limit is reached the discard policy decides what is lost."
        />
        <dl className="grid grid-cols-2 gap-4 px-4 py-3 text-sm md:grid-cols-4">
          {(
            [
              ["Max messages", limit(s.limits.maxMsgs, formatCount, s.limitUse.messages)],
              ["Max bytes", limit(s.limits.maxBytes, formatBytes, s.limitUse.bytes)],
              ["Max age", limit(s.limits.maxAgeSeconds, formatDuration, s.limitUse.age)],
              ["Discard policy", s.limits.discard],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
              <dd className="num">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {s.cluster ? <ReplicasCard cluster={s.cluster} /> : null}
      <ConsumersTable
        stream={s}
        environment={env}
        pager={
          data.consumers.total > CONSUMER_PAGE ? (
            <Pager
              offset={data.consumers.offset}
              shown={s.consumers.length}
              matched={data.consumers.matched}
              total={data.consumers.total}
              page={Math.min(cpage, pages)}
              pages={pages}
              onPage={toPage}
              noun="consumers"
            />
          ) : null
        }
      />
      <SubjectsTable stream={s} environment={env} />
    </>
  );
}
