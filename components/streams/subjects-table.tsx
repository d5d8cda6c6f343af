"use client";
// Stored messages per subject with how many consumers read each; subjects nobody reads are flagged.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import type { StreamSummary, SubjectDepth } from "@/lib/dto/overview";
import { formatCount } from "@/lib/core/format";

type SubjectQuery = { filter: string; total: number; truncated: boolean; subjects: SubjectDepth[] };

function Rows({ subjects }: { subjects: SubjectDepth[] }) {
  return (
    <table className="w-full text-sm">
      <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
        <tr>
          <th className="px-3 py-2 text-left font-medium">Subject</th>
          <th className="px-3 py-2 text-right font-medium">Stored messages</th>
          <th className="px-3 py-2 text-right font-medium">Consumers reading</th>
        </tr>
      </thead>
      <tbody>
        {subjects.map((s) => (
          <tr
            key={s.subject}
            data-testid={`subject-row-${s.subject}`}
            className="border-t border-zinc-100 dark:border-zinc-800"
          >
            <td className="px-3 py-1.5 font-mono text-xs">{s.subject}</td>
            <td className="num px-3 py-1.5 text-right">{formatCount(s.messages)}</td>
            <td className="num px-3 py-1.5 text-right">
              {s.consumers === 0 ? (
                <Badge tone={s.messages > 0 ? "warn" : "neutral"}>none</Badge>
              ) : (
                s.consumers
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubjectsTable({ stream, environment }: { stream: StreamSummary; environment: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = params.get("subjects") ?? "";
  const [draft, setDraft] = useState(filter);
  const url = filter ? apiPaths.streamSubjects(environment, stream.name, { filter }) : null;
  const onDemand = useRefreshingJson<SubjectQuery>(url, filter);
  const submit = (value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim()) next.set("subjects", value.trim());
    else next.delete("subjects");
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const rows = filter ? onDemand.data?.subjects : stream.subjectDepths;
  return (
    <Card>
      <div id="subjects" />
      <CardHeader
        title="Subjects"
        description={
          stream.subjectDepths && !filter
            ? `Depth per subject (collected every poll while the stream has ≤ 100 subjects).`
            : `${formatCount(stream.subjectCount ?? 0)} subjects: enter a filter to count a slice of them on demand.`
        }
        actions={
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit(draft);
            }}
            className="flex gap-2"
          >
            <input
              type="search"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              aria-label="Subject filter"
              placeholder={stream.subjects[0]?.replace(">", "*") ?? "subject.*"}
              className="w-56 rounded-md border border-zinc-300 bg-white px-2.5 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            />
            <button
              type="submit"
              className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Count
            </button>
          </form>
        }
      />
      {filter && onDemand.error ? (
        <p className="px-4 py-3 text-sm text-red-700 dark:text-red-300">{onDemand.error}</p>
      ) : filter && !onDemand.data ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Counting…</p>
      ) : rows && rows.length > 0 ? (
        <div className="max-h-96 overflow-y-auto">
          <Rows subjects={rows} />
          {filter && onDemand.data?.truncated ? (
            <p className="px-4 py-2 text-xs text-zinc-500">
              Showing the 1,000 deepest of {formatCount(onDemand.data.total)} subjects.
            </p>
          ) : null}
        </div>
      ) : (
        <EmptyState
          title={
            filter
              ? `No stored message matches ${filter}`
              : stream.messages === 0
                ? "The stream is empty"
                : "Per-subject depth is not collected for this stream"
          }
        >
          {filter || stream.messages === 0
            ? null
            : "It has too many subjects to count every poll; enter a filter above to count a slice."}
        </EmptyState>
      )}
    </Card>
  );
}
