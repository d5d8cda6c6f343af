import { RelativeTime } from "@/components/ui/relative-time";
import { Stat } from "@/components/ui/stat";
import type { Timeline } from "@/lib/dto/traces";
import { formatCount, formatDuration } from "@/lib/core/format";
import { StatusBadge } from "./status-badge";

/** The one-line answer: status, duration, messages, tool calls, failures, and the trace id link. */
export function TraceSummary({ timeline, exportHref }: { timeline: Timeline; exportHref: string }) {
  const waiting = Math.max(0, ...timeline.pairs.map((p) => p.waitingMs ?? 0));
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="trace-summary">
        <Stat
          label="Status"
          value={<StatusBadge status={timeline.status} />}
          hint={
            timeline.status === "waiting" && waiting
              ? `longest wait ${formatDuration(waiting / 1000)}`
              : undefined
          }
        />
        <Stat
          label="Duration"
          value={timeline.durationMs === null ? "—" : formatDuration(timeline.durationMs / 1000)}
          hint={
            <>
              started <RelativeTime iso={timeline.startedAt} />
            </>
          }
        />
        <Stat label="Messages" value={formatCount(timeline.counts.messages)} />
        <Stat label="Tool calls" value={formatCount(timeline.counts.tools)} />
        <Stat
          label="Failures"
          value={formatCount(timeline.counts.failures)}
          hint="NAKs, terminations, max deliveries, dead letters"
        />
      </dl>
      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        {timeline.traceparent ? (
          <span>
            traceparent <span className="font-mono wrap-anywhere">{timeline.traceparent}</span>
            {timeline.traceLink ? (
              <a
                href={timeline.traceLink}
                target="_blank"
                rel="noreferrer noopener"
                className="ml-2 text-sky-700 underline dark:text-sky-400"
              >
                open in tracing
              </a>
            ) : null}
          </span>
        ) : (
          <span>no traceparent header</span>
        )}
        <a href={exportHref} download className="text-sky-700 underline dark:text-sky-400">
          Export JSON
        </a>
      </p>
    </div>
  );
}
