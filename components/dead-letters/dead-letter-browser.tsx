"use client";
// One page of entries with selection and the actions on it: redrive (selected or all matching), discard, export.
// Live: entries that leave the queue (redriven, discarded) drop out, and new ones are announced with a "show" bar.
// Only roles that may operate are offered selection, redrive and discard.
import { IntentLink } from "@/components/ui/intent-link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCan, useSession } from "@/components/auth/session-context";
import { NewItemsBar } from "@/components/freshness/new-items-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DeadLetterFilter, DeadLetterPage, Selection } from "@/lib/dto/dead-letters";
import { filterToSearch, hasFilter } from "@/lib/dto/dead-letter-query";
import { formatCount } from "@/lib/core/format";
import { Button } from "./button";
import { DiscardPanel } from "./discard-panel";
import { EntriesTable } from "./entries-table";
import { announceJob } from "./job-events";
import { RedrivePanel } from "./redrive-panel";
import { useFreshPage } from "./use-fresh-page";

type Props = {
  environment: string;
  page: DeadLetterPage;
  filter: DeadLetterFilter;
  defaultRate: number;
  isFirstPage: boolean;
  /** A subject of this environment for the custom-target field. */
  targetExample: string;
};

export function DeadLetterBrowser({
  environment,
  page,
  filter,
  defaultRate,
  isFirstPage,
  targetExample,
}: Props) {
  const router = useRouter();
  const canOperate = useCan("operate");
  const { actor } = useSession();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [panel, setPanel] = useState<{
    kind: "redrive" | "discard";
    selection: Selection;
    expected: number | null;
  }>();
  const dlq = page.dlqStream;
  const base = `/${environment}/dead-letters`;
  const { fresh, gone } = useFreshPage(environment, page, filter, isFirstPage);
  const entries = page.entries.filter((e) => !gone.has(e.seq));
  const toggle = (seq: number) =>
    setSelected((s) => new Set(s.has(seq) ? [...s].filter((x) => x !== seq) : [...s, seq]));
  const toggleAll = () =>
    setSelected((s) => (entries.every((e) => s.has(e.seq)) ? new Set() : new Set(entries.map((e) => e.seq))));
  const seqs = [...selected].filter((seq) => !gone.has(seq));
  const open = (kind: "redrive" | "discard", all: boolean) =>
    setPanel({ kind, selection: all ? { filter } : { seqs }, expected: all ? null : seqs.length });
  const inStream = `${formatCount(page.totalInStream)} ${page.totalInStream === 1 ? "entry" : "entries"} in ${dlq}`;
  // With a filter, the stream's total is not what matches: say what this page holds, and the total apart.
  const description = hasFilter(filter)
    ? `${formatCount(entries.length)}${page.nextCursor ? "+" : ""} matching on this page, newest first · ${inStream} in all${page.scanned ? ` · ${formatCount(page.scanned)} read for this page` : ""}`
    : `${inStream}, newest first`;
  return (
    <Card>
      <CardHeader
        title="Entries"
        description={description}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {canOperate ? (
              <>
                <Button tone="primary" disabled={seqs.length === 0} onClick={() => open("redrive", false)}>
                  Redrive selected ({seqs.length})
                </Button>
                <Button disabled={entries.length === 0} onClick={() => open("redrive", true)}>
                  Redrive all matching…
                </Button>
                <Button tone="danger" disabled={seqs.length === 0} onClick={() => open("discard", false)}>
                  Discard selected…
                </Button>
              </>
            ) : (
              <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="operate-note">
                Redrive and discard need the operator role{actor ? ` (you are ${actor.role})` : ""}.
              </p>
            )}
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
          targetExample={targetExample}
          onStarted={(job) => {
            setPanel(undefined);
            setSelected(new Set());
            announceJob(job);
          }}
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
      {isFirstPage ? (
        <NewItemsBar
          count={fresh.count}
          capped={fresh.capped}
          noun={["new dead letter", "new dead letters"]}
          onShow={() => router.refresh()}
        />
      ) : null}
      {entries.length === 0 ? (
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
          entries={entries}
          selected={selected}
          onToggle={toggle}
          onToggleAll={toggleAll}
          selectable={canOperate}
        />
      )}
      <footer className="flex items-center justify-between border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        {isFirstPage ? (
          <span />
        ) : (
          <IntentLink href={`${base}${filterToSearch(filter, { dlq })}`}>← Newest</IntentLink>
        )}
        {page.scanCapped ? (
          <span className="text-xs text-zinc-500">
            Scan cap reached after {formatCount(page.scanned)} entries.
          </span>
        ) : null}
        {page.nextCursor ? (
          <IntentLink
            href={`${base}${filterToSearch(filter, { dlq, cursor: page.nextCursor })}`}
            data-testid="older-page"
          >
            Older →
          </IntentLink>
        ) : (
          <span className="text-xs text-zinc-500">End of the queue</span>
        )}
      </footer>
    </Card>
  );
}
