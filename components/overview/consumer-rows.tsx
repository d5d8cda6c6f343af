import { memo } from "react";
import { RowLink } from "@/components/ui/row-link";
import { Sparkline } from "@/components/charts/sparkline";
import { INCIDENT_ROW, IncidentMarker } from "@/components/incidents/incident-marker";
import { Badge } from "@/components/ui/badge";
import type { Incident } from "@/lib/dto/incidents";
import type { ConsumerRow } from "@/lib/dto/estate";
import { formatCount, formatRate } from "@/lib/core/format";
import { Age } from "./age";
import { COLUMN, PHONE_FIGURES } from "./columns";

/** One consumer under its stream: its own backlog figures in the stream's columns. Memoised, as the stream row. */
export const ConsumerRowView = memo(function ConsumerRowView({
  consumer,
  href,
  sparkline,
  incident,
  env,
}: {
  consumer: ConsumerRow;
  href: string;
  sparkline: (number | null)[] | undefined;
  /** This consumer's open incident, marked on the row. */
  incident?: Incident;
  env: string;
}) {
  const c = consumer;
  return (
    <tr
      data-testid={`consumer-row-${c.stream}-${c.name}`}
      data-incident={incident?.severity}
      className={`border-t border-zinc-100 text-zinc-700 dark:border-zinc-800/60 dark:text-zinc-300 ${incident ? INCIDENT_ROW[incident.severity] : ""}`}
    >
      <td className="py-1.5 pr-3 pl-6 sm:pl-8">
        <RowLink href={href} className="font-mono text-xs [overflow-wrap:anywhere] hover:underline">
          ↳ {c.name}
        </RowLink>
        <span className="ml-2 font-mono text-xs [overflow-wrap:anywhere] text-zinc-500 dark:text-zinc-400">
          {c.filterSubjects.join(", ") || "all subjects"}
        </span>
        {incident ? <IncidentMarker env={env} incident={incident} /> : null}
        {c.paused ? (
          <span className="ml-2">
            <Badge tone="warn">paused</Badge>
          </span>
        ) : null}
        <span className={PHONE_FIGURES}>
          <span>backlog {formatCount(c.backlog)}</span>
          <span>
            oldest <Age at={c.oldestAt} />
          </span>
          <span>out {formatRate(c.outRate, "acks/s")}</span>
          {c.numRedelivered > 0 ? <span>redelivered {formatCount(c.numRedelivered)}</span> : null}
        </span>
      </td>
      <td className={COLUMN.messages} aria-hidden="true" />
      <td className={COLUMN.bytes} aria-hidden="true" />
      <td className={COLUMN.consumers} aria-hidden="true" />
      <td className={COLUMN.pending} data-testid="pending">
        {formatCount(c.numPending)}
      </td>
      <td className={COLUMN.ackPending} data-testid="ack-pending">
        {formatCount(c.numAckPending)}
      </td>
      <td className={COLUMN.redelivered} data-testid="redelivered">
        {c.numRedelivered > 0 ? <Badge tone="warn">{formatCount(c.numRedelivered)}</Badge> : "0"}
      </td>
      <td className={COLUMN.oldest} data-testid="oldest">
        <Age at={c.oldestAt} />
      </td>
      <td className={COLUMN.rate}>{formatRate(c.outRate, "acks/s")}</td>
      <td className={COLUMN.spark} title="Backlog, last 15 minutes">
        <Sparkline values={sparkline} label={`${c.name} backlog`} unit="msgs" />
      </td>
    </tr>
  );
});
