"use client";
import Link from "next/link";
import { Fragment } from "react";
import { useLiveOverview } from "@/components/live/live-overview";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { StreamSummary } from "@/lib/dto/overview";
import { formatAge, formatBytes, formatCount, formatRate } from "@/lib/core/format";
import { Sparkline } from "@/components/charts/sparkline";
import { ConsumerRow } from "./consumer-rows";
import { useSparklines } from "./use-sparklines";
import { StreamFilter } from "./stream-filter";
import { isOwnStream } from "@/lib/dto/switchyard-owned";
import { consumerKey } from "@/lib/core/series-keys";

const HEAD = "px-3 py-2 text-right font-medium";

function oldestOf(s: StreamSummary): number | null {
  const ages = s.consumers.map((c) => c.oldestUnprocessedAgeSeconds).filter((a): a is number => a !== null);
  return ages.length ? Math.max(...ages) : null;
}

/** The application's consumers; Switchyard's own readers (listed on the stream page) only in the tooltip. */
function ConsumerCountCell({ stream }: { stream: StreamSummary }) {
  const own = stream.consumers.filter((c) => c.internal).length;
  return (
    <td
      className="num px-3 py-2 text-right whitespace-nowrap"
      title={own ? `plus ${own} read by Switchyard itself (traces)` : undefined}
    >
      {formatCount(stream.consumerCount - own)}
    </td>
  );
}

/** Streams with their consumers, live: messages, bytes, consumers, pending, ack pending, redelivered. */
export function StreamsTable({ query }: { query: string }) {
  const { overview } = useLiveOverview();
  const sparklines = useSparklines();
  const env = overview.environment;
  const needle = query.trim().toLowerCase();
  const streams = overview.streams.filter(
    (s) =>
      !needle ||
      s.name.toLowerCase().includes(needle) ||
      s.subjects.some((subject) => subject.toLowerCase().includes(needle)),
  );
  return (
    <Card>
      <CardHeader
        title="Streams and consumers"
        description="Live from the last poll; backlog = pending + ack pending."
        actions={<StreamFilter query={query} />}
      />
      {overview.streams.length === 0 ? (
        <EmptyState title={overview.poll.polledAt ? "No streams in this account" : "No data yet"}>
          {overview.poll.polledAt
            ? "Create a stream (for example with `nats stream add`) or run `npm run demo` to see a simulated agent system."
            : "Switchyard has not completed a poll of this environment yet; the banner above says why."}
        </EmptyState>
      ) : streams.length === 0 ? (
        <EmptyState title={`No stream matches “${query}”`}>
          Clear the filter to see all {overview.streams.length} streams.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className={`w-full text-sm transition-opacity ${overview.poll.stale ? "opacity-60" : ""}`}>
            <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
              <tr>
                <th className="px-3 py-2 text-left font-medium">Stream / consumer</th>
                <th className={HEAD}>Messages</th>
                <th className={HEAD}>Bytes</th>
                <th className={HEAD}>Consumers</th>
                <th className={HEAD}>Pending</th>
                <th className={HEAD}>Ack pending</th>
                <th className={HEAD}>Redelivered</th>
                <th className={HEAD}>Oldest waiting</th>
                <th className={HEAD}>Rate</th>
                <th className={HEAD}>Last 15 min</th>
              </tr>
            </thead>
            <tbody>
              {streams.map((s) => (
                <Fragment key={s.name}>
                  <tr
                    data-testid={`stream-row-${s.name}`}
                    className="border-t border-zinc-200 dark:border-zinc-800"
                  >
                    <td className="px-3 py-2">
                      <Link
                        href={`/${env}/streams/${encodeURIComponent(s.name)}`}
                        className="font-semibold hover:underline"
                      >
                        {s.name}
                      </Link>
                      {isOwnStream(s.name) ? (
                        <span
                          className="ml-2"
                          title="Kept by Switchyard itself (history, advisories, dead letters, jobs, audit)"
                        >
                          <Badge>internal</Badge>
                        </span>
                      ) : null}
                      <span className="block font-mono text-xs text-zinc-500" title={s.subjects.join(", ")}>
                        {s.subjects[0] ?? ""}
                        {s.subjects.length > 1 ? ` +${s.subjects.length - 1} more` : ""}
                        <span className="ml-2 font-sans text-zinc-400">{s.retention}</span>
                      </span>
                    </td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap" data-testid="messages">
                      {formatCount(s.messages)}
                    </td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap">{formatBytes(s.bytes)}</td>
                    <ConsumerCountCell stream={s} />
                    <td className="num px-3 py-2 text-right whitespace-nowrap">
                      {formatCount(s.consumers.reduce((n, c) => n + c.numPending, 0))}
                    </td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap">
                      {formatCount(s.consumers.reduce((n, c) => n + c.numAckPending, 0))}
                    </td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap">
                      {formatCount(s.consumers.reduce((n, c) => n + c.numRedelivered, 0))}
                    </td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap">{formatAge(oldestOf(s))}</td>
                    <td className="num px-3 py-2 text-right whitespace-nowrap">{formatRate(s.inRate)}</td>
                    <td className="px-3 py-2 text-right" title="In-rate, last 15 minutes">
                      <Sparkline values={sparklines?.streams[s.name]} label={`${s.name} in-rate`} />
                    </td>
                  </tr>
                  {s.consumers
                    .filter((c) => !c.internal)
                    .map((c) => (
                      <ConsumerRow
                        key={c.name}
                        consumer={c}
                        href={`/${env}/streams/${encodeURIComponent(s.name)}/consumers/${encodeURIComponent(c.name)}`}
                        sparkline={sparklines?.consumers[consumerKey(s.name, c.name)]}
                      />
                    ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
