"use client";
// One incident as a list row: severity, what (naming stream and consumer), since when, who is on it, what next.
import { RowLink } from "@/components/ui/row-link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Incident } from "@/lib/dto/incidents";
import { SEVERITY_TONE } from "./severity";

export function IncidentRow({ env, incident: i }: { env: string; incident: Incident }) {
  const active = i.symptoms.filter((s) => s.clearedAt === null).length;
  const resolved = i.state === "resolved";
  return (
    <li
      data-testid="incident"
      data-incident-id={i.id}
      data-state={i.state}
      data-incident-where={[i.where.stream, i.where.consumer].filter(Boolean).join("/")}
      // A resolved row reads as past through its badge and a plain title, not through opacity (which took the text
      // below AA contrast).
      className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-3"
    >
      <span className="w-16 shrink-0">
        {resolved ? (
          <Badge tone="good">resolved</Badge>
        ) : (
          <Badge tone={SEVERITY_TONE[i.severity]}>{i.severity}</Badge>
        )}
      </span>
      <div className="min-w-0 flex-1">
        <RowLink
          href={`/${env}/incidents/${encodeURIComponent(i.id)}`}
          className={`text-sm break-words hover:underline ${resolved ? "text-zinc-700 dark:text-zinc-300" : "font-medium"}`}
          data-testid="incident-title"
        >
          {i.title}
        </RowLink>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {resolved
            ? `${i.symptoms.length} symptom${i.symptoms.length === 1 ? "" : "s"}, all clear`
            : active === 0
              ? `All clear; resolves after ${i.settleSeconds} s without a symptom`
              : `${active} of ${i.symptoms.length} symptom${i.symptoms.length === 1 ? "" : "s"} firing: ${i.symptoms
                  .filter((s) => s.clearedAt === null)
                  .map((s) => s.title)
                  .join(" · ")}`}
        </p>
        {!resolved && i.nextSteps[0] ? (
          <p className="mt-1 text-xs text-zinc-700 dark:text-zinc-300">
            <span className="font-medium">Check next:</span> {i.nextSteps[0]}
            {i.runbookUrl ? (
              <>
                {" "}
                <a
                  href={i.runbookUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-sky-700 underline dark:text-sky-400"
                >
                  Runbook
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {/* On a phone the times go under the text (indented past the badge), so the title keeps the width. */}
      <div className="flex w-full flex-wrap gap-x-3 pl-[4.75rem] text-xs text-zinc-500 sm:block sm:w-auto sm:pl-0 sm:text-right dark:text-zinc-400">
        <div data-testid="incident-started">
          started <RelativeTime iso={i.startedAt} />
        </div>
        {resolved ? (
          <div>
            resolved <RelativeTime iso={i.resolvedAt} />
          </div>
        ) : i.acknowledged ? (
          <div className="text-emerald-700 dark:text-emerald-400" data-testid="incident-acknowledged">
            acknowledged by {i.acknowledged.by}
          </div>
        ) : (
          <div className="text-amber-700 dark:text-amber-400">not acknowledged</div>
        )}
      </div>
    </li>
  );
}
