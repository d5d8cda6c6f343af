"use client";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Finding } from "@/lib/dto/findings";

/** The findings that concern one consumer, as a compact alert list. */
export function ConsumerFindings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul
      role="alert"
      className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm dark:border-amber-900 dark:bg-amber-950"
    >
      {findings.map((f) => (
        <li key={f.id} className="flex flex-wrap items-center gap-2">
          <Badge tone={f.severity === "critical" ? "bad" : "warn"}>{f.severity}</Badge>
          <span className="font-medium">{f.title}</span>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            {f.detail} Since <RelativeTime iso={f.since} />.
          </span>
        </li>
      ))}
    </ul>
  );
}
