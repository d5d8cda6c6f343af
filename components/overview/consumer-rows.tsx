import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { Badge } from "@/components/ui/badge";
import type { ConsumerSummary } from "@/lib/dto/overview";
import { formatAge, formatCount, formatRate } from "@/lib/core/format";

const CELL = "px-3 py-1.5 text-right num whitespace-nowrap";

export function ConsumerRow({
  consumer,
  href,
  sparkline,
}: {
  consumer: ConsumerSummary;
  href: string;
  sparkline: (number | null)[] | undefined;
}) {
  const c = consumer;
  return (
    <tr
      data-testid={`consumer-row-${c.stream}-${c.name}`}
      className="border-t border-zinc-100 text-zinc-700 dark:border-zinc-800/60 dark:text-zinc-300"
    >
      <td className="py-1.5 pr-3 pl-8">
        <Link href={href} className="font-mono text-xs hover:underline">
          ↳ {c.name}
        </Link>
        <span className="ml-2 font-mono text-xs text-zinc-500">
          {c.filterSubjects.join(", ") || "all subjects"}
        </span>
        {c.paused ? (
          <span className="ml-2">
            <Badge tone="warn">paused</Badge>
          </span>
        ) : null}
      </td>
      {/* Configuration lives on the consumer page; here the row stays narrow enough for the sparkline. */}
      <td colSpan={3}>
        <span className="sr-only">Configuration is on the consumer page</span>
      </td>
      <td className={CELL} data-testid="pending">
        {formatCount(c.numPending)}
      </td>
      <td className={CELL} data-testid="ack-pending">
        {formatCount(c.numAckPending)}
      </td>
      <td className={CELL} data-testid="redelivered">
        {c.numRedelivered > 0 ? <Badge tone="warn">{formatCount(c.numRedelivered)}</Badge> : "0"}
      </td>
      <td className={CELL} data-testid="oldest">
        {formatAge(c.oldestUnprocessedAgeSeconds)}
      </td>
      <td className={CELL}>{formatRate(c.outRate, "acks/s")}</td>
      <td className="px-3 py-1.5 text-right" title="Backlog, last 15 minutes">
        <Sparkline values={sparkline} label={`${c.name} backlog`} />
      </td>
    </tr>
  );
}
