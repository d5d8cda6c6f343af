// A list of recent calls of one tool (slowest or failed), each linking to its conversation's trace.
import { RowLink } from "@/components/ui/row-link";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ToolCall } from "@/lib/dto/tools";
import { formatCount, formatMillis } from "@/lib/core/format";

const OUTCOME_LABEL: Record<ToolCall["outcome"], string> = {
  ok: "ok",
  naked: "NAK",
  terminated: "terminated",
  maxDeliveries: "max deliveries",
  deadLettered: "dead-lettered",
  redriven: "redriven",
  duplicate: "second result",
};

export function ToolCalls({
  environment,
  title,
  description,
  calls,
  empty,
  testId,
}: {
  environment: string;
  title: string;
  description: string;
  calls: ToolCall[];
  empty: string;
  testId: string;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      {calls.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid={testId}>
          {calls.map((call) => (
            <li
              key={`${call.stream}:${call.seq}:${call.outcome}:${call.detail ?? ""}`}
              className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-2"
            >
              <span className="num min-w-20 shrink-0 font-semibold">
                {call.latencyMs === null ? OUTCOME_LABEL[call.outcome] : formatMillis(call.latencyMs)}
              </span>
              {call.conversationId ? (
                <RowLink
                  href={`/${environment}/conversations/${encodeURIComponent(call.conversationId)}`}
                  className="font-mono text-xs hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                  title="Open the conversation's trace"
                >
                  {call.conversationId}
                </RowLink>
              ) : null}
              <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">
                {call.requestId ?? `${call.stream} #${formatCount(call.seq)}`}
              </span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                <RelativeTime iso={call.time} />
              </span>
              {call.detail ? (
                <span className="w-full text-xs text-zinc-600 dark:text-zinc-400">{call.detail}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
