"use client";
import { useLiveOverview } from "@/components/live/live-overview";
import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import { formatBytes, formatCount, formatDuration, formatRate } from "@/lib/core/format";

/** Estate totals and the poll's health; says so when slow polls have stretched the interval. */
export function OverviewStats() {
  const { overview } = useLiveOverview();
  const { totals, poll } = overview;
  const effective = poll.effectiveIntervalMs ?? poll.intervalMs;
  const stretched = effective > poll.intervalMs;
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-5">
      <Stat
        label="Streams"
        value={formatCount(totals.streams)}
        hint={`${formatCount(totals.appConsumers)} consumers`}
      />
      <Stat label="Stored messages" value={formatCount(totals.messages)} hint={formatBytes(totals.bytes)} />
      <Stat
        label="Backlog (pending + ack pending)"
        value={formatCount(totals.backlog)}
        hint="across all consumers"
      />
      <Stat label="In-rate" value={formatRate(totals.inRate)} hint="new messages, all streams" />
      <Stat
        label="Last poll"
        value={<RelativeTime iso={poll.polledAt} />}
        hint={
          <span data-testid="poll-interval" data-stretched={stretched ? "true" : "false"}>
            {poll.durationMs !== null ? `${poll.durationMs} ms, ${poll.requests} requests, ` : ""}
            {stretched ? (
              <strong className="font-medium text-amber-700 dark:text-amber-400">
                every {formatDuration(effective / 1000)} (slowed from {formatDuration(poll.intervalMs / 1000)}
                : polls take over a third of the interval)
              </strong>
            ) : (
              `every ${formatDuration(poll.intervalMs / 1000)}`
            )}
          </span>
        }
      />
    </dl>
  );
}
