import { memo } from "react";
import { RowLink } from "@/components/ui/row-link";
import { Sparkline } from "@/components/charts/sparkline";
import { INCIDENT_ROW, IncidentMarker } from "@/components/incidents/incident-marker";
import { Badge } from "@/components/ui/badge";
import type { Incident } from "@/lib/dto/incidents";
import type { StreamRow } from "@/lib/dto/estate";
import { formatBytes, formatCount, formatRate } from "@/lib/core/format";
import { Age } from "./age";
import { COLUMN, PHONE_FIGURES } from "./columns";

/**
 * One stream with its consumers' figures added up; a button opens its consumers when they are collapsed. Memoised:
 * the table re-renders on every keystroke and poll, a row only when its own props changed.
 */
export const StreamRowView = memo(function StreamRowView({
  stream: s,
  href,
  sparkline,
  open,
  onToggle,
  incident,
  env,
}: {
  stream: StreamRow;
  href: string;
  sparkline: (number | null)[] | undefined;
  /** Whether its consumers are shown; with `onToggle`, a button shows or hides them. */
  open: boolean;
  onToggle?: (stream: string) => void;
  /** The worst open incident that names this stream, marked on the row. */
  incident?: Incident;
  env: string;
}) {
  return (
    <tr
      data-testid={`stream-row-${s.name}`}
      data-incident={incident?.severity}
      className={`border-t border-zinc-200 dark:border-zinc-800 ${incident ? INCIDENT_ROW[incident.severity] : ""}`}
    >
      <td className="px-3 py-2">
        <div className="flex items-start gap-1.5">
          {onToggle ? (
            <button
              type="button"
              onClick={() => onToggle(s.name)}
              aria-expanded={open}
              aria-label={`${open ? "Hide" : "Show"} the consumers of ${s.name}`}
              className="mt-0.5 w-5 shrink-0 rounded text-zinc-500 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            >
              {open ? "▾" : "▸"}
            </button>
          ) : null}
          <div className="min-w-0">
            <RowLink href={href} className="font-semibold [overflow-wrap:anywhere] hover:underline">
              {s.name}
            </RowLink>
            {incident ? <IncidentMarker env={env} incident={incident} /> : null}
            {s.internal ? (
              <span
                className="ml-2"
                title="Kept by Switchyard itself (history, advisories, dead letters, jobs, audit)"
              >
                <Badge>internal</Badge>
              </span>
            ) : null}
            <span
              className="block font-mono text-xs [overflow-wrap:anywhere] text-zinc-500 dark:text-zinc-400"
              title={s.subjects.join(", ")}
            >
              {s.subjects[0] ?? ""}
              {s.subjectTotal > 1 ? ` +${s.subjectTotal - 1} more` : ""}
              <span className="ml-2 font-sans">{s.retention}</span>
            </span>
            <span className={PHONE_FIGURES}>
              <span>backlog {formatCount(s.pending + s.ackPending)}</span>
              <span>
                oldest <Age at={s.oldestAt} />
              </span>
              <span>in {formatRate(s.inRate)}</span>
              <span>
                {formatCount(s.consumers)} consumer{s.consumers === 1 ? "" : "s"}
              </span>
            </span>
          </div>
        </div>
      </td>
      <td className={COLUMN.messages} data-testid="messages">
        {formatCount(s.messages)}
      </td>
      <td className={COLUMN.bytes}>{formatBytes(s.bytes)}</td>
      <td
        className={COLUMN.consumers}
        title={s.ownConsumers ? `plus ${s.ownConsumers} read by Switchyard itself (traces)` : undefined}
      >
        {formatCount(s.consumers)}
      </td>
      <td className={COLUMN.pending}>{formatCount(s.pending)}</td>
      <td className={COLUMN.ackPending}>{formatCount(s.ackPending)}</td>
      <td className={COLUMN.redelivered}>{formatCount(s.redelivered)}</td>
      <td className={COLUMN.oldest}>
        <Age at={s.oldestAt} />
      </td>
      <td className={COLUMN.rate}>{formatRate(s.inRate)}</td>
      <td className={COLUMN.spark} title="In-rate, last 15 minutes">
        <Sparkline values={sparkline} label={`${s.name} in-rate`} unit="msgs/s" />
      </td>
    </tr>
  );
});
