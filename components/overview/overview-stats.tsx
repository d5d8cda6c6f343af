"use client";
import { useLiveOverview } from "@/components/live/live-overview";
import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import { formatBytes, formatCount, formatRate } from "@/lib/core/format";

export function OverviewStats() {
  const { overview } = useLiveOverview();
  const { streams, poll } = overview;
  const consumers = streams.flatMap((s) => s.consumers);
  const messages = streams.reduce((n, s) => n + s.messages, 0);
  const bytes = streams.reduce((n, s) => n + s.bytes, 0);
  const backlog = consumers.reduce((n, c) => n + c.backlog, 0);
  const inRate = streams.some((s) => s.inRate !== null)
    ? streams.reduce((n, s) => n + (s.inRate ?? 0), 0)
    : null;
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-5">
      <Stat
        label="Streams"
        value={formatCount(streams.length)}
        hint={`${formatCount(consumers.length)} consumers`}
      />
      <Stat label="Stored messages" value={formatCount(messages)} hint={formatBytes(bytes)} />
      <Stat
        label="Backlog (pending + ack pending)"
        value={formatCount(backlog)}
        hint="across all consumers"
      />
      <Stat label="In-rate" value={formatRate(inRate)} hint="new messages, all streams" />
      <Stat
        label="Last poll"
        value={<RelativeTime iso={poll.polledAt} />}
        hint={
          poll.durationMs !== null
            ? `${poll.durationMs} ms, ${poll.requests} requests, every ${poll.intervalMs / 1000} s`
            : `every ${poll.intervalMs / 1000} s`
        }
      />
    </dl>
  );
}
