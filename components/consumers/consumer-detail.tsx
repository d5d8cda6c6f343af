"use client";
// One consumer: its backlog, age of the oldest waiting message, rates, ETA, history and configuration, live.
import { IntentLink } from "@/components/ui/intent-link";
import { LiveMetricChart } from "@/components/charts/live-metric-chart";
import { HistoryHeader } from "@/components/charts/range-picker";
import { useLiveOverview, useLiveView } from "@/components/live/live-overview";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import { apiPaths } from "@/lib/dto/api-paths";
import type { ConsumerView } from "@/lib/dto/live-view";
import { RANGES, type ChartSeries, type RangeName } from "@/lib/dto/series";
import { formatAge, formatCount, formatDuration, formatRate } from "@/lib/core/format";
import type { ConsumerMetric } from "@/lib/core/series-keys";
import { ConsumerConfig } from "./consumer-config";
import { ConsumerFindings } from "./consumer-findings";

export function ConsumerDetail({
  initial,
  range,
  series = {},
}: {
  initial: ConsumerView;
  range: RangeName;
  /** The charts' first data, read with the page. */
  series?: Partial<Record<ConsumerMetric, ChartSeries>>;
}) {
  const { overview } = useLiveOverview();
  const env = overview.environment;
  const first = initial.consumer!;
  const { data } = useLiveView<ConsumerView>(
    { view: "consumer", stream: first.stream, consumer: first.name },
    initial,
  );
  const live = data.consumer;
  const c = live ?? first;
  const streamHref = `/${env}/streams/${encodeURIComponent(c.stream)}`;
  const base = `${streamHref}/consumers/${encodeURIComponent(c.name)}`;
  const seriesUrl = (metric: ConsumerMetric) =>
    apiPaths.consumerSeries(env, c.stream, c.name, { metric, range });
  const rangeMs = RANGES[range];
  return (
    <>
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="font-mono text-lg font-semibold">{c.name}</h1>
        <span className="text-sm text-zinc-500">
          on{" "}
          <IntentLink href={streamHref} className="font-semibold hover:underline">
            {c.stream}
          </IntentLink>
        </span>
        <span className="font-mono text-sm text-zinc-500">
          {c.filterSubjects.join(", ") || "all subjects"}
        </span>
        {c.paused ? <Badge tone="warn">paused</Badge> : null}
        {!live && overview.poll.polledAt ? <Badge tone="bad">not in the last poll: deleted?</Badge> : null}
      </div>
      <ConsumerFindings findings={data.findings} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
        <Stat label="Backlog" value={formatCount(c.backlog)} hint="pending + ack pending" />
        <Stat
          label="Ack pending"
          value={formatCount(c.numAckPending)}
          hint={`max ${c.maxAckPending < 0 ? "∞" : formatCount(c.maxAckPending)}`}
        />
        <Stat
          label="Oldest waiting"
          value={formatAge(c.oldestUnprocessedAgeSeconds)}
          hint={
            c.oldestUnprocessedSeq ? `stream seq ${formatCount(c.oldestUnprocessedSeq)}` : "nothing waiting"
          }
        />
        <Stat label="Ack rate" value={formatRate(c.outRate, "acks/s")} />
        <Stat
          label="Redeliveries"
          value={formatRate(c.redeliveryRate, "/s")}
          hint={`${formatCount(c.numRedelivered)} redelivered now`}
        />
        <Stat
          label="ETA to drain"
          value={c.etaSeconds === null ? "∞" : formatDuration(c.etaSeconds)}
          hint={c.etaSeconds === null ? "nothing is being acked" : "at the current ack rate"}
        />
        <Stat
          label="Waiting pulls"
          value={formatCount(c.numWaiting)}
          hint={c.pull ? "workers asking for work" : "push consumer"}
        />
        <Stat
          label="Last delivery"
          value={<RelativeTime iso={c.lastActive} />}
          hint={c.stalledPolls ? `floor unmoved for ${c.stalledPolls} polls` : undefined}
        />
        {c.advisories ? (
          <Stat
            label="Advisories, last poll"
            value={`${formatCount(c.advisories.naked)} NAK`}
            hint={`${formatCount(c.advisories.maxDeliveries)} max deliveries · ${formatCount(c.advisories.terminated)} terminated`}
          />
        ) : null}
      </dl>
      <HistoryHeader range={range} basePath={base} />
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        <LiveMetricChart
          title="Backlog"
          url={seriesUrl("backlog")}
          initial={series.backlog}
          rangeMs={rangeMs}
        />
        <LiveMetricChart
          title="Oldest waiting message"
          url={seriesUrl("oldestUnprocessedAgeSeconds")}
          initial={series.oldestUnprocessedAgeSeconds}
          rangeMs={rangeMs}
        />
        <LiveMetricChart
          title="Ack pending"
          url={seriesUrl("numAckPending")}
          initial={series.numAckPending}
          rangeMs={rangeMs}
        />
        <LiveMetricChart
          title="Ack rate"
          url={seriesUrl("outRate")}
          initial={series.outRate}
          rangeMs={rangeMs}
        />
        <LiveMetricChart
          title="Redelivery rate"
          url={seriesUrl("redeliveryRate")}
          initial={series.redeliveryRate}
          rangeMs={rangeMs}
        />
      </div>
      <ConsumerConfig consumer={c} />
    </>
  );
}
