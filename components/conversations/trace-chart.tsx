"use client";
import type { Timeline, TraceMarker } from "@/lib/dto/traces";
import { formatDuration } from "@/lib/core/format";
import { preciseMs } from "@/lib/core/precise-time";
import { formatLatency, formatOffset, stackRows, type Scale } from "./trace-scale";

const ROW_PX = 26;
const DOT_PX = 18;
/** Horizontal room one dot needs, in percent of the track. */
const DOT_PCT = 1.6;

const MARKER_LOOK: Record<TraceMarker["kind"], { symbol: string; className: string }> = {
  nak: { symbol: "N", className: "bg-amber-500 text-white" },
  redelivered: { symbol: "↻", className: "bg-amber-600 text-white" },
  max_deliveries: { symbol: "!", className: "bg-red-600 text-white" },
  terminated: { symbol: "✕", className: "bg-red-600 text-white" },
  dead_lettered: { symbol: "D", className: "bg-red-700 text-white" },
  redriven: { symbol: "R", className: "bg-sky-700 text-white" },
  waiting: { symbol: "…", className: "bg-amber-400 text-zinc-900" },
};

export { MARKER_LOOK };

/** Lanes per role with one dot per message, request→result bars with their latency, and failure markers. */
export function TraceChart({
  timeline,
  scale,
  selected,
  onSelect,
}: {
  timeline: Timeline;
  scale: Scale;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <figure className="overflow-x-auto" aria-label="Conversation timeline">
      <div className="min-w-[720px]">
        {timeline.lanes.map((lane) => {
          const marks = timeline.marks.filter((m) => m.lane === lane.id);
          const pairs = timeline.pairs.filter((p) => p.lane === lane.id);
          // A small gap (1 % of the span) keeps touching bars apart too.
          const gap = scale.span / 100;
          const stack = stackRows(
            pairs.map((p) => ({
              start: preciseMs(p.start),
              end: preciseMs(p.end ?? timeline.generatedAt) + gap,
            })),
          );
          // Messages stored within a moment of each other would sit on top of one another: stack them so each
          // stays clickable.
          const dots = stackRows(
            marks.map((m) => ({ start: scale.x(m.time), end: scale.x(m.time) + DOT_PCT })),
          );
          const barsTop = 6 + dots.count * DOT_PX;
          const markers = timeline.markers.filter((m) => m.lane === lane.id && m.kind !== "waiting");
          const flags = stackRows(
            markers.map((m) => ({ start: scale.x(m.time), end: scale.x(m.time) + DOT_PCT })),
          );
          const flagsPx = markers.length ? flags.count * DOT_PX : 0;
          const height =
            (pairs.length ? barsTop + stack.count * ROW_PX : barsTop + 4) + Math.max(16, flagsPx);
          return (
            <div
              key={lane.id}
              data-testid={`lane-${lane.id}`}
              className="flex items-stretch border-t border-zinc-100 first:border-t-0 dark:border-zinc-800"
            >
              <div
                className="w-44 shrink-0 truncate px-3 py-3 text-xs font-medium text-zinc-600 dark:text-zinc-300"
                title={lane.label}
              >
                {lane.label}
              </div>
              <div className="relative mr-6 flex-1" style={{ height }}>
                {pairs.map((p, i) => {
                  const left = scale.x(p.start);
                  const end = p.end ?? timeline.generatedAt;
                  const width = Math.max(0.4, scale.x(end) - left);
                  const tone =
                    p.status === "done"
                      ? "bg-emerald-200 dark:bg-emerald-900"
                      : p.status === "waiting" || p.status === "redriven"
                        ? "border border-dashed border-amber-500 bg-amber-100 dark:bg-amber-950"
                        : "bg-red-200 dark:bg-red-950";
                  const text =
                    p.latencyMs !== null
                      ? `${formatLatency(p.latencyMs)}${p.redriven ? " after redrive" : ""}`
                      : p.waitingMs !== null
                        ? `${p.status === "redriven" ? "redriven, " : ""}waiting ${formatDuration(p.waitingMs / 1000)}`
                        : p.status === "dlq"
                          ? "in DLQ"
                          : "failed";
                  return (
                    <div
                      key={p.requestId}
                      data-testid="pair-bar"
                      title={`${p.tool} ${p.requestId}: ${text}${p.attempts > 1 ? ` (${p.attempts} attempts)` : ""}`}
                      className={`absolute h-5 rounded ${tone}`}
                      style={{ left: `${left}%`, width: `${width}%`, top: barsTop + stack.rows[i]! * ROW_PX }}
                    >
                      <span className="num absolute top-0.5 left-1 text-[11px] whitespace-nowrap text-zinc-800 dark:text-zinc-100">
                        {text}
                      </span>
                    </div>
                  );
                })}
                {marks.map((m, i) => (
                  <button
                    key={m.id}
                    type="button"
                    onClick={() => onSelect(m.id)}
                    aria-label={`${m.label}, ${m.stream} #${m.seq}, ${formatOffset(scale.offset(m.time))}`}
                    title={`${m.label}\n${m.subject}\n${m.stream} #${m.seq}`}
                    className={`absolute h-4 w-4 -translate-x-1/2 rounded-full border-2 focus-visible:outline-2 focus-visible:outline-sky-500 ${
                      selected === m.id
                        ? "border-sky-600 bg-sky-400"
                        : "border-zinc-700 bg-white dark:border-zinc-200 dark:bg-zinc-900"
                    }`}
                    style={{ left: `${scale.x(m.time)}%`, top: 4 + dots.rows[i]! * DOT_PX }}
                  />
                ))}
                {markers.map((m, j) => (
                  <span
                    key={`${m.kind}-${j}`}
                    data-testid={`marker-${m.kind}`}
                    title={m.label}
                    className={`absolute flex h-4 w-4 -translate-x-1/2 items-center justify-center rounded-sm text-[10px] font-bold ${MARKER_LOOK[m.kind].className}`}
                    style={{
                      left: `${scale.x(m.time)}%`,
                      bottom: 2 + (flags.count - 1 - flags.rows[j]!) * DOT_PX,
                    }}
                  >
                    {MARKER_LOOK[m.kind].symbol}
                  </span>
                ))}
              </div>
            </div>
          );
        })}
        <div
          className="num flex border-t border-zinc-200 text-[11px] text-zinc-500 dark:border-zinc-800"
          aria-hidden
        >
          <div className="w-44 shrink-0 px-3 py-1">time from first event</div>
          <div className="mr-6 flex flex-1 justify-between py-1">
            {[0, 0.25, 0.5, 0.75, 1].map((f) => (
              <span key={f}>{formatOffset(scale.span * f)}</span>
            ))}
          </div>
        </div>
      </div>
    </figure>
  );
}
