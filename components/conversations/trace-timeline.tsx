"use client";
import { useEffect, useMemo, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import type { Timeline } from "@/lib/dto/traces";
import { MarkDetail } from "./mark-detail";
import { TraceChart } from "./trace-chart";
import { TraceEvents } from "./trace-events";
import { scaleFor } from "./trace-scale";

/** The interactive part of a trace: chart, ordered events, and the selected message's detail. */
export function TraceTimeline({
  environment,
  timeline,
  initialMark = null,
}: {
  environment: string;
  timeline: Timeline;
  /** A message to select and scroll to (`?mark=<stream>:<seq>`, from a dead-letter entry's page). */
  initialMark?: string | null;
}) {
  const [selected, setSelected] = useState<string | null>(() =>
    timeline.marks.some((m) => m.id === initialMark) ? initialMark : null,
  );
  useEffect(() => {
    if (!initialMark) return;
    const row = document.querySelector(`[data-mark-id="${CSS.escape(initialMark)}"]`);
    row?.scrollIntoView({ block: "center" });
  }, [initialMark]);
  const scale = useMemo(() => scaleFor(timeline), [timeline]);
  const mark = timeline.marks.find((m) => m.id === selected) ?? null;
  return (
    <>
      <Card>
        <CardHeader
          title="Timeline"
          description="Dots are messages (click for headers and payload); bars run from a tool request to its result; N = NAK, ↻ = redelivered, ✕ = terminated, ! = max deliveries, D = dead-lettered, R = redriven."
        />
        <TraceChart timeline={timeline} scale={scale} selected={selected} onSelect={setSelected} />
      </Card>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[3fr_2fr]">
        <Card className="min-w-0">
          <CardHeader
            title="Events"
            description="Messages and markers in order; times are offsets from the first event (UTC on hover)."
          />
          <TraceEvents
            environment={environment}
            timeline={timeline}
            scale={scale}
            selected={selected}
            onSelect={setSelected}
          />
        </Card>
        <Card className="min-w-0 lg:sticky lg:top-4 lg:self-start">
          <CardHeader title="Message" />
          <MarkDetail environment={environment} mark={mark} traceLink={timeline.traceLink} />
        </Card>
      </div>
    </>
  );
}
