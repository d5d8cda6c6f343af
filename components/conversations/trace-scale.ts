// Pure: maps times of a timeline to horizontal positions (percent of the track).
import type { Timeline } from "@/lib/dto/traces";
import { preciseMs } from "@/lib/precise-time";

export type Scale = { start: number; span: number; x: (iso: string) => number; offset: (iso: string) => number };

export function scaleFor(timeline: Timeline): Scale {
  const times = [...timeline.marks.map((m) => m.time), ...timeline.markers.map((m) => m.time), ...timeline.pairs.flatMap((p) => (p.end ? [p.end] : []))].map(preciseMs);
  if (timeline.status === "waiting") times.push(preciseMs(timeline.generatedAt));
  const start = times.length ? Math.min(...times) : 0;
  const end = times.length ? Math.max(...times) : 1;
  const span = Math.max(1, end - start);
  return { start, span, x: (iso) => ((preciseMs(iso) - start) / span) * 100, offset: (iso) => preciseMs(iso) - start };
}

/** "+1.234 s" from the first event. */
export function formatOffset(ms: number): string {
  return ms < 1000 ? `+${ms.toFixed(1)} ms` : `+${(ms / 1000).toFixed(3)} s`;
}
