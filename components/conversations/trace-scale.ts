// Pure: maps times of a timeline to horizontal positions (percent of the track).
import type { Timeline } from "@/lib/dto/traces";
import { preciseMs } from "@/lib/core/precise-time";

export type Scale = {
  start: number;
  span: number;
  x: (iso: string) => number;
  offset: (iso: string) => number;
};

export function scaleFor(timeline: Timeline): Scale {
  const times = [
    ...timeline.marks.map((m) => m.time),
    ...timeline.markers.map((m) => m.time),
    ...timeline.pairs.flatMap((p) => (p.end ? [p.end] : [])),
  ].map(preciseMs);
  if (timeline.status === "waiting") times.push(preciseMs(timeline.generatedAt));
  const start = times.length ? Math.min(...times) : 0;
  const end = times.length ? Math.max(...times) : 1;
  const span = Math.max(1, end - start);
  return {
    start,
    span,
    x: (iso) => ((preciseMs(iso) - start) / span) * 100,
    offset: (iso) => preciseMs(iso) - start,
  };
}

/** "+1.234 s" from the first event. */
export function formatOffset(ms: number): string {
  return ms < 1000 ? `+${ms.toFixed(1)} ms` : `+${(ms / 1000).toFixed(3)} s`;
}

/** Greedy interval packing: the row each bar goes in so overlapping request→result bars never cover each other. */
export function stackRows(bars: readonly { start: number; end: number }[]): {
  rows: number[];
  count: number;
} {
  const ends: number[] = [];
  const rows = bars.map((bar) => {
    let row = ends.findIndex((end) => end <= bar.start);
    if (row < 0) row = ends.push(bar.end) - 1;
    else ends[row] = bar.end;
    return row;
  });
  return { rows, count: Math.max(1, ends.length) };
}

/** Latencies keep two decimals below a minute ("1.54 s"); longer ones read as durations. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
