"use client";
// Stored messages per subject with how many consumers read each; subjects nobody reads are flagged.
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ScrollBox } from "@/components/ui/scroll-box";
import { apiPaths } from "@/lib/dto/api-paths";
import type { StreamSummary, SubjectDepth } from "@/lib/dto/overview";
import { formatCount } from "@/lib/core/format";
import { Pager } from "@/components/ui/pager";
import { cursorOf, type Page } from "@/lib/dto/estate";
import { pageParam, SUBJECT_PAGE } from "./table-pages";

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
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = params.get("subjects") ?? "";
  const page = pageParam(params.get("spage"));
  const [draft, setDraft] = useState(filter);
  // A filter counts on demand, a page at a time; without one the poll's depths (≤ 100 subjects) are paged here.
  const url = filter
    ? apiPaths.streamSubjects(environment, stream.name, {
        filter,
        limit: SUBJECT_PAGE,
        cursor: cursorOf(page, SUBJECT_PAGE),
      })
    : null;
  const onDemand = useRefreshingJson<Page<SubjectDepth>>(url, filter);
  const polled = stream.subjectDepths ?? [];
  const at = Math.min(page, Math.max(1, Math.ceil(polled.length / SUBJECT_PAGE)));
  const rows: Page<SubjectDepth> | undefined = filter
    ? onDemand.data
    : {
        items: polled.slice((at - 1) * SUBJECT_PAGE, at * SUBJECT_PAGE),
        matched: polled.length,
        total: polled.length,
        offset: (at - 1) * SUBJECT_PAGE,
        limit: SUBJECT_PAGE,
        nextCursor: null,
        polledAt: null,
      };
  // Filter and page live in the URL (history API: no server render of the stream page).
  const go = (change: { subjects?: string; spage?: number }, push: boolean) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value && value !== 1) next.set(key, String(value));
      else next.delete(key);
    }
    const text = next.toString();
    const target = text ? `${pathname}?${text}` : pathname;
    if (push) window.history.pushState(null, "", target);
    else window.history.replaceState(null, "", target);
  };
  const pages = rows ? Math.max(1, Math.ceil(rows.matched / SUBJECT_PAGE)) : 1;
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
              go({ subjects: draft.trim(), spage: 1 }, false);
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
      ) : rows && rows.items.length > 0 ? (
        <div>
          <ScrollBox label="Subjects" className="overflow-x-auto">
            <Rows subjects={rows.items} />
          </ScrollBox>
          {rows.matched > SUBJECT_PAGE ? (
            <Pager
              offset={rows.offset}
              shown={rows.items.length}
              matched={rows.matched}
              total={rows.total}
              page={Math.min(page, pages)}
              pages={pages}
              onPage={(p) => go({ spage: p }, true)}
              noun="subjects"
            />
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
