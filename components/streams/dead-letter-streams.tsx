"use client";
import Link from "next/link";
import { useLiveOverview } from "@/components/live/live-overview";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { isDeadLetterStream } from "@/lib/dto/dead-letter-streams";
import { formatBytes, formatCount, formatRate } from "@/lib/format";

/** The dead-letter streams of this environment with their size and arrival rate. */
export function DeadLetterStreams({ configured }: { configured: string[] }) {
  const { overview } = useLiveOverview();
  const streams = overview.streams.filter((s) => isDeadLetterStream(s.name, configured));
  return (
    <Card>
      <CardHeader
        title="Dead-letter streams"
        description="Streams configured as dead-letter queues, and streams whose names say so (DLQ, dead-letter). Entry browsing and redrive come next."
      />
      {streams.length === 0 ? (
        <EmptyState title="No dead-letter stream found">
          Name a stream with <code className="font-mono">DLQ</code> or <code className="font-mono">dead-letter</code> in it, or list it under{" "}
          <code className="font-mono">deadLetterStreams</code> in <code className="font-mono">switchyard.config.json</code>.
        </EmptyState>
      ) : (
        <table className="w-full text-sm">
          <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
            <tr>
              <th className="px-3 py-2 text-left font-medium">Stream</th>
              <th className="px-3 py-2 text-right font-medium">Entries</th>
              <th className="px-3 py-2 text-right font-medium">Bytes</th>
              <th className="px-3 py-2 text-right font-medium">Arriving</th>
              <th className="px-3 py-2 text-right font-medium">Newest</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((s) => (
              <tr key={s.name} data-testid={`dlq-row-${s.name}`} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="px-3 py-2">
                  <Link href={`/${overview.environment}/streams/${encodeURIComponent(s.name)}`} className="font-semibold hover:underline">
                    {s.name}
                  </Link>
                  <span className="ml-2 font-mono text-xs text-zinc-500">{s.subjects.join(", ")}</span>
                </td>
                <td className="num px-3 py-2 text-right" data-testid="entries">{formatCount(s.messages)}</td>
                <td className="num px-3 py-2 text-right">{formatBytes(s.bytes)}</td>
                <td className="num px-3 py-2 text-right">{formatRate(s.inRate)}</td>
                <td className="num px-3 py-2 text-right">
                  <RelativeTime iso={s.lastTs} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
