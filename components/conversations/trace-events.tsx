"use client";
import { RowLink } from "@/components/ui/row-link";
import { pagePaths } from "@/lib/dto/page-paths";
import type { Timeline } from "@/lib/dto/traces";
import { formatBytes, formatUtc } from "@/lib/core/format";
import { preciseMs } from "@/lib/core/precise-time";
import { MARKER_LOOK } from "./trace-chart";
import { formatOffset, type Scale } from "./trace-scale";

type Row = { key: string; time: string; node: React.ReactNode };

/** Every message and marker in order: the keyboard-friendly twin of the chart. */
export function TraceEvents({
  environment,
  timeline,
  scale,
  selected,
  onSelect,
}: {
  environment: string;
  timeline: Timeline;
  scale: Scale;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const rows: Row[] = [
    ...timeline.marks.map((m) => ({
      key: m.id,
      time: m.time,
      node: (
        <button
          type="button"
          data-mark-id={m.id}
          onClick={() => onSelect(m.id)}
          aria-pressed={selected === m.id}
          className={`grid w-full grid-cols-[4.5rem_minmax(0,1fr)] gap-x-3 px-3 py-1.5 text-left text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-sky-500 sm:grid-cols-[7rem_11rem_minmax(0,1fr)_auto] dark:hover:bg-zinc-800/60 ${selected === m.id ? "bg-sky-50 dark:bg-sky-950" : ""}`}
        >
          <span className="num text-xs text-zinc-500" title={formatUtc(m.time)}>
            {formatOffset(scale.offset(m.time))}
          </span>
          <span className="truncate">{m.label}</span>
          <span className="col-start-2 truncate font-mono text-xs text-zinc-600 sm:col-start-auto dark:text-zinc-300">
            {m.subject}
          </span>
          <span className="num col-start-2 text-xs whitespace-nowrap text-zinc-500 sm:col-start-auto">
            {m.stream} #{m.seq} · {formatBytes(m.size)}
          </span>
        </button>
      ),
    })),
    ...timeline.markers.map((m, i) => ({
      key: `marker-${i}`,
      time: m.time,
      node: (
        <div
          className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-3 px-3 py-1.5 text-sm sm:grid-cols-[7rem_minmax(0,1fr)]"
          data-testid={`event-${m.kind}`}
        >
          <span className="num text-xs text-zinc-500" title={formatUtc(m.time)}>
            {formatOffset(scale.offset(m.time))}
          </span>
          <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
            <span
              className={`inline-flex h-4 w-4 items-center justify-center rounded-sm text-[10px] font-bold ${MARKER_LOOK[m.kind].className}`}
              aria-hidden
            >
              {MARKER_LOOK[m.kind].symbol}
            </span>
            <span>{m.label}</span>
            {m.redriven ? (
              <span
                data-testid="redriven-badge"
                title="Redriven since: the redriven message is in this trace"
                className={`inline-flex h-4 w-4 items-center justify-center rounded-sm text-[10px] font-bold ${MARKER_LOOK.redriven.className}`}
              >
                {MARKER_LOOK.redriven.symbol}
              </span>
            ) : null}
            {m.requestId ? <span className="font-mono text-xs text-zinc-500">{m.requestId}</span> : null}
            {m.deadLetter ? (
              <RowLink
                href={pagePaths.deadLetterEntry(environment, m.deadLetter.stream, m.deadLetter.seq, {
                  conversation: timeline.conversationId,
                })}
                className="wrap-anywhere text-sky-700 underline dark:text-sky-400"
              >
                dead-letter entry {m.deadLetter.stream} #{m.deadLetter.seq}
              </RowLink>
            ) : null}
          </span>
        </div>
      ),
    })),
  ].sort((a, b) => preciseMs(a.time) - preciseMs(b.time));
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Events in order">
      {rows.map((row) => (
        <li key={row.key}>{row.node}</li>
      ))}
    </ol>
  );
}
