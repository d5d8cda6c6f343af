"use client";
// What happened, in order: opened, symptoms appearing and clearing, severity changes, acknowledgement, resolve.
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatUtc } from "@/lib/core/format";
import type { TimelineEntry } from "@/lib/dto/incidents";
import { SEVERITY_TONE } from "./severity";

const KIND_LABEL: Record<TimelineEntry["kind"], string> = {
  started: "started",
  opened: "opened",
  appeared: "symptom",
  cleared: "cleared",
  severity: "severity",
  resolved: "resolved",
  reopened: "reopened",
  acknowledged: "acknowledged",
};

export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="incident-timeline">
      {entries.map((e, n) => (
        <li
          key={n}
          className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm"
          data-kind={e.kind}
        >
          <span className="num w-48 shrink-0 text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
            <time dateTime={e.at} title={formatUtc(e.at)}>
              {e.at.slice(11, 19)} UTC
            </time>{" "}
            <RelativeTime iso={e.at} className="text-zinc-400 dark:text-zinc-500" />
          </span>
          <span className="w-28 shrink-0">
            <Badge
              tone={
                e.kind === "resolved" || e.kind === "cleared"
                  ? "good"
                  : e.kind === "acknowledged"
                    ? "neutral"
                    : e.severity
                      ? SEVERITY_TONE[e.severity]
                      : "neutral"
              }
            >
              {KIND_LABEL[e.kind]}
            </Badge>
          </span>
          <span className="min-w-0 flex-1 break-words">{e.text}</span>
        </li>
      ))}
    </ol>
  );
}
