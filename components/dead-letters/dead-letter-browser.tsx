"use client";
// One page of entries with selection and the actions on it: redrive (selected or all matching), discard, export.
import Link from "next/link";
import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DeadLetterFilter, DeadLetterPage, Selection } from "@/lib/dto/dead-letters";
import { filterToSearch, hasFilter } from "@/lib/dto/dead-letter-query";
import { formatCount } from "@/lib/core/format";
import { Button } from "./button";
import { DiscardPanel } from "./discard-panel";
import { EntriesTable } from "./entries-table";
import { RedrivePanel } from "./redrive-panel";

type Props = {
  environment: string;
  page: DeadLetterPage;
  filter: DeadLetterFilter;
  defaultRate: number;
  isFirstPage: boolean;
};

export function DeadLetterBrowser({ environment, page, filter, defaultRate, isFirstPage }: Props) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [panel, setPanel] = useState<{
    kind: "redrive" | "discard";
    selection: Selection;
    expected: number | null;
  }>();
  const dlq = page.dlqStream;
  const base = `/${environment}/dead-letters`;
  const toggle = (seq: number) =>
    setSelected((s) => new Set(s.has(seq) ? [...s].filter((x) => x !== seq) : [...s, seq]));
  const toggleAll = () =>
    setSelected((s) =>
      page.entries.every((e) => s.has(e.seq)) ? new Set() : new Set(page.entries.map((e) => e.seq)),
    );
  const seqs = [...selected];
  const open = (kind: "redrive" | "discard", all: boolean) =>
    setPanel({ kind, selection: all ? { filter } : { seqs }, expected: all ? null : seqs.length });
  const description = `${formatCount(page.totalInStream)} ${page.totalInStream === 1 ? "entry" : "entries"} in ${dlq}, newest first${page.scanned ? ` · ${formatCount(page.scanned)} read for this page` : ""}`;
  return (
    <Card>
      <CardHeader
        title="Entries"
        description={description}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button tone="primary" disabled={seqs.length === 0} onClick={() => open("redrive", false)}>
              Redrive selected ({seqs.length})
            </Button>
            <Button disabled={page.entries.length === 0} onClick={() => open("redrive", true)}>
              Redrive all matching…
            </Button>
            <Button tone="danger" disabled={seqs.length === 0} onClick={() => open("discard", false)}>
              Discard selected
            </Button>
            <a
              className="rounded-md px-3 py-1.5 text-sm underline-offset-2 hover:underline"
              href={apiPaths.deadLetterExport(environment, filter, { dlq })}
            >
              Export NDJSON
            </a>
          </div>
        }
      />
      {panel?.kind === "redrive" ? (
        <RedrivePanel
          key={JSON.stringify(panel.selection)}
          environment={environment}
          dlq={dlq}
          selection={panel.selection}
          defaultRate={defaultRate}
          onClose={() => setPanel(undefined)}
        />
      ) : null}
      {panel?.kind === "discard" ? (
        <DiscardPanel
          environment={environment}
          dlq={dlq}
          selection={panel.selection}
          expected={panel.expected}
          onClose={() => setPanel(undefined)}
        />
      ) : null}
      {page.entries.length === 0 ? (
        <EmptyState
          title={hasFilter(filter) ? "No entry matches these filters" : "This dead-letter queue is empty"}
        >
          {hasFilter(filter)
            ? "Widen the filters, or clear them."
            : "Messages land here when a consumer gives up on them (max deliveries) or a worker terminates them. Nothing to do."}
          {page.scanCapped ? " The scan stopped at its cap; continue with Older." : ""}
        </EmptyState>
      ) : (
        <EntriesTable
          environment={environment}
          entries={page.entries}
          selected={selected}
          onToggle={toggle}
          onToggleAll={toggleAll}
        />
      )}
      <footer className="flex items-center justify-between border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        {isFirstPage ? <span /> : <Link href={`${base}${filterToSearch(filter, { dlq })}`}>← Newest</Link>}
        {page.scanCapped ? (
          <span className="text-xs text-zinc-500">
            Scan cap reached after {formatCount(page.scanned)} entries.
          </span>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`${base}${filterToSearch(filter, { dlq, cursor: page.nextCursor })}`}
            data-testid="older-page"
          >
            Older →
          </Link>
        ) : (
          <span className="text-xs text-zinc-500">End of the queue</span>
        )}
      </footer>
    </Card>
  );
}
