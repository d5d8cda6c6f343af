// The consumers (and streams) that serve one tool, and its dead letters per dead-letter stream.
import { RowLink } from "@/components/ui/row-link";
import { Card, CardHeader } from "@/components/ui/card";
import { ScrollBox } from "@/components/ui/scroll-box";
import type { ToolDetail } from "@/lib/dto/tools";
import { formatAge, formatCount, formatMillis } from "@/lib/core/format";

const HEAD = "px-3 py-2 text-right font-medium whitespace-nowrap";
const CELL = "num px-3 py-2 text-right whitespace-nowrap";

export function ToolConsumers({ environment, detail }: { environment: string; detail: ToolDetail }) {
  const subject = detail.requestSubjects.length === 1 ? detail.requestSubjects[0]!.subject : undefined;
  const deadLetterHref = (dlq: string) => {
    const search = new URLSearchParams({ dlq, ...(subject ? { subject } : {}) });
    return `/${environment}/dead-letters?${search.toString()}`;
  };
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader
          title="Consumers serving it"
          description={`Requests on ${detail.requestSubjects.map((s) => `${s.subject} (${s.stream})`).join(", ") || "—"}`}
        />
        {detail.consumers.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
            No durable consumer’s filter matches this tool’s requests: nobody will execute them.
          </p>
        ) : (
          <ScrollBox label="Consumers serving it" className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
                <tr>
                  <th className="px-3 py-2 text-left font-medium">Consumer</th>
                  <th className={HEAD}>Ack wait</th>
                  <th className={HEAD}>Max deliver</th>
                  <th className={HEAD}>Waiting</th>
                  <th className={HEAD}>In flight</th>
                  <th className={HEAD}>Pulls</th>
                  <th className={HEAD}>Oldest waiting</th>
                </tr>
              </thead>
              <tbody>
                {detail.consumers.map((c) => (
                  <tr
                    key={`${c.stream}/${c.consumer}`}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                  >
                    <td className="px-3 py-2">
                      <RowLink
                        href={`/${environment}/streams/${encodeURIComponent(c.stream)}/consumers/${encodeURIComponent(c.consumer)}`}
                        className="font-mono font-semibold whitespace-nowrap hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                      >
                        {c.consumer}
                      </RowLink>{" "}
                      <span className="text-xs text-zinc-500">on {c.stream}</span>
                      {c.shared ? (
                        <span className="text-xs text-zinc-500"> · shared with other tools</span>
                      ) : null}
                    </td>
                    <td className={CELL}>{formatMillis(c.ackWaitSeconds * 1000)}</td>
                    <td className={CELL}>{c.maxDeliver < 0 ? "∞" : formatCount(c.maxDeliver)}</td>
                    <td className={CELL}>{formatCount(c.numPending)}</td>
                    <td className={CELL}>{formatCount(c.numAckPending)}</td>
                    <td className={CELL}>{formatCount(c.numWaiting)}</td>
                    <td className={CELL}>{formatAge(c.oldestWaitingSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </Card>
      <Card>
        <CardHeader title="Dead letters" description="Of this tool, seen since Switchyard started watching" />
        {detail.deadLetters.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">None seen.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {detail.deadLetters.map((d) => (
              <li key={d.stream} className="flex min-w-0 items-baseline justify-between gap-3 px-4 py-2">
                <RowLink
                  href={deadLetterHref(d.stream)}
                  className="font-mono font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                >
                  {d.stream}
                </RowLink>
                <span className="num">{formatCount(d.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
