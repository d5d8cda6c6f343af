import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { StreamSummary } from "@/lib/dto/overview";
import { RowLink } from "@/components/ui/row-link";
import { formatAge, formatCount, formatRate } from "@/lib/core/format";
import { ScrollBox } from "@/components/ui/scroll-box";

const HEAD = "px-3 py-2 text-right font-medium";
const CELL = "px-3 py-2 text-right num whitespace-nowrap";

export function ConsumersTable({
  stream,
  environment,
  pager,
}: {
  stream: StreamSummary;
  environment: string;
  pager?: React.ReactNode;
}) {
  return (
    <Card>
      <CardHeader
        title="Consumers"
        description="Backlog = pending + ack pending. Rates compare the last two polls."
      />
      {stream.consumers.length === 0 ? (
        <EmptyState title="Nobody reads this stream">
          Messages stored here are not consumed by any consumer. If that is unexpected, check that the workers
          for <code className="font-mono">{stream.subjects.join(", ")}</code> are running.
        </EmptyState>
      ) : (
        <ScrollBox label="Consumers of this stream" className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
              <tr>
                <th className="px-3 py-2 text-left font-medium">Consumer</th>
                <th className={HEAD}>Backlog</th>
                <th className={HEAD}>Pending</th>
                <th className={HEAD}>Ack pending</th>
                <th className={HEAD}>Oldest waiting</th>
                <th className={HEAD}>Waiting pulls</th>
                <th className={HEAD}>Redelivered</th>
                <th className={HEAD}>Ack rate</th>
                <th className={HEAD}>Redeliveries</th>
                <th className={HEAD}>Ack floor</th>
                <th className={HEAD}>Last delivery</th>
              </tr>
            </thead>
            <tbody>
              {stream.consumers.map((c) => (
                <tr
                  key={c.name}
                  id={`consumer-${c.name}`}
                  className="border-t border-zinc-100 target:bg-sky-50 dark:border-zinc-800 dark:target:bg-sky-950"
                >
                  <td className="px-3 py-2">
                    <RowLink
                      href={`/${environment}/streams/${encodeURIComponent(stream.name)}/consumers/${encodeURIComponent(c.name)}`}
                      className="font-mono text-xs font-semibold hover:underline"
                    >
                      {c.name}
                    </RowLink>
                    <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                      {c.filterSubjects.join(", ") || "all subjects"} · {c.pull ? "pull" : "push"} · ack{" "}
                      {c.ackPolicy}, wait {c.ackWaitSeconds} s · max deliver{" "}
                      {c.maxDeliver < 0 ? "∞" : c.maxDeliver} {c.durable ? "" : "· ephemeral"}{" "}
                      {c.internal ? (
                        <Badge title="created by Switchyard to read this stream; not counted as a reader of its subjects">
                          Switchyard
                        </Badge>
                      ) : null}{" "}
                      {c.paused ? <Badge tone="warn">paused</Badge> : null}
                    </div>
                  </td>
                  <td className={CELL}>
                    {c.backlog > 0 ? <Badge tone="warn">{formatCount(c.backlog)}</Badge> : "0"}
                  </td>
                  <td className={CELL}>{formatCount(c.numPending)}</td>
                  <td className={CELL}>{formatCount(c.numAckPending)}</td>
                  <td className={CELL}>{formatAge(c.oldestUnprocessedAgeSeconds)}</td>
                  <td className={CELL}>{formatCount(c.numWaiting)}</td>
                  <td className={CELL}>{formatCount(c.numRedelivered)}</td>
                  <td className={CELL}>{formatRate(c.outRate, "acks/s")}</td>
                  <td className={CELL}>{formatRate(c.redeliveryRate, "/s")}</td>
                  <td className={CELL}>{formatCount(c.ackFloorStreamSeq)}</td>
                  <td className={CELL}>
                    <RelativeTime iso={c.lastActive} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {pager}
    </Card>
  );
}
