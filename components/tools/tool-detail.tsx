"use client";
// One tool, live: its findings, figures over the window, history charts, the consumers behind it, its dead
// letters, and its slowest and failed recent calls.
import { IntentLink } from "@/components/ui/intent-link";
import { LiveMetricChart } from "@/components/charts/live-metric-chart";
import { HistoryHeader } from "@/components/charts/range-picker";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import { apiPaths } from "@/lib/dto/api-paths";
import { RANGES, type ChartSeries, type RangeName } from "@/lib/dto/series";
import { TOOL_CHARTS, type ToolDetail, type ToolMetric } from "@/lib/dto/tools";
import { formatAge, formatCount, formatMillis } from "@/lib/core/format";
import { OutcomeBadges } from "./outcome-badges";
import { ToolCalls } from "./tool-calls";
import { ToolConsumers } from "./tool-consumers";

export function ToolDetailView({
  initial,
  range,
  series,
}: {
  initial: ToolDetail;
  range: RangeName;
  /** The charts' first data, rendered with the page (from the in-memory history). */
  series: Partial<Record<ToolMetric, ChartSeries>>;
}) {
  const { overview } = useLiveOverview();
  const env = overview.environment;
  const name = initial.summary.tool;
  const { data } = useRefreshingJson<ToolDetail>(apiPaths.tool(env, name), overview.poll.polledAt);
  const detail = data ?? initial;
  const s = detail.summary;
  const findings = overview.findings.filter((f) => f.where.tool === name);
  const base = `/${env}/tools/${encodeURIComponent(name)}`;
  // What the ack wait has to cover is the time in a worker, not the time queued behind a backlog.
  const service = s.latency.serviceP95;
  const ackWaitShare = service !== null && s.ackWaitSeconds ? service / (s.ackWaitSeconds * 1000) : null;
  return (
    <>
      <div className="flex flex-wrap items-baseline gap-3">
        <IntentLink href={`/${env}/tools`} className="text-sm text-zinc-500 hover:underline">
          Tools
        </IntentLink>
        <h1 className="font-mono text-lg font-semibold">{name}</h1>
        {s.sharedConsumers ? <Badge>consumers shared with other tools</Badge> : null}
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          last call <RelativeTime iso={s.lastSeen} />
        </span>
      </div>
      {findings.length ? (
        <div
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm dark:border-amber-900 dark:bg-amber-950"
        >
          <ul className="space-y-1">
            {findings.map((f) => (
              <li key={f.id} className="flex flex-wrap items-center gap-2">
                <Badge
                  tone={f.severity === "critical" ? "bad" : f.severity === "warning" ? "warn" : "neutral"}
                >
                  {f.severity}
                </Badge>
                <span className="font-medium">{f.title}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat
          label="Requests"
          value={`${s.requestsPerMinute.toFixed(s.requestsPerMinute < 10 ? 1 : 0)}/min`}
          hint={`${formatCount(s.total.requests)} since start`}
        />
        <Stat
          label="Latency p95"
          value={formatMillis(s.latency.p95)}
          hint={`p50 ${formatMillis(s.latency.p50)} · p99 ${formatMillis(s.latency.p99)} · in a worker p95 ${formatMillis(service)}${ackWaitShare === null ? "" : `, ${Math.round(ackWaitShare * 100)}% of ack wait`}`}
        />
        <Stat
          label="Waiting · in flight"
          value={`${s.backlog === null ? "—" : formatCount(s.backlog)} · ${s.inFlight === null ? "—" : formatCount(s.inFlight)}`}
          hint={`oldest waiting ${formatAge(s.oldestWaitingSeconds)}`}
        />
        <Stat
          label="Workers"
          value={`${s.consumers} · ${formatCount(s.waitingPulls)}`}
          hint="consumers · waiting pulls"
        />
        <Stat
          label="Failure rate"
          value={s.failureRate === null ? "—" : `${(s.failureRate * 100).toFixed(1)}%`}
          hint="terminated + max deliveries ÷ finished"
        />
        <Stat
          label="Duplicate executions"
          value={formatCount(s.window.duplicates)}
          hint={`${formatCount(s.window.extraResults)} second results · ${formatCount(s.total.duplicates)} since start`}
        />
        <Stat
          label="Redeliveries"
          value={formatCount(s.window.redeliveries)}
          hint={`${formatCount(s.total.redeliveries)} since start`}
        />
        <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
          <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Outcomes</dt>
          <dd className="mt-1.5">
            <OutcomeBadges counts={s.window} wrap />
          </dd>
        </div>
      </dl>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Figures over the last {detail.windowMinutes} minutes unless marked “since start”.
      </p>
      <HistoryHeader range={range} basePath={base} />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {TOOL_CHARTS.map((chart) => (
          <LiveMetricChart
            key={chart.metric}
            title={chart.title}
            url={apiPaths.toolSeries(env, name, { metric: chart.metric, range })}
            rangeMs={RANGES[range]}
            initial={series[chart.metric]}
          />
        ))}
      </div>
      <ToolConsumers environment={env} detail={detail} />
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <ToolCalls
          environment={env}
          title="Slowest recent calls"
          description="Request → result, slowest first"
          calls={detail.slowest}
          empty="No call with a result yet."
          testId="tool-slowest"
        />
        <ToolCalls
          environment={env}
          title="Failed recent calls"
          description="Terminated, max deliveries and second results, newest first"
          calls={detail.failed}
          empty="No failed call seen."
          testId="tool-failed"
        />
      </div>
    </>
  );
}
