"use client";
// Redrive or discard the entry shown on its detail page.
import { useState } from "react";
import { Button } from "./button";
import { DiscardPanel } from "./discard-panel";
import { RedrivePanel } from "./redrive-panel";

export function EntryActions({ environment, dlq, seq }: { environment: string; dlq: string; seq: number }) {
  const [open, setOpen] = useState<"redrive" | "discard">();
  return (
    <div>
      <div className="flex gap-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <Button tone="primary" onClick={() => setOpen("redrive")}>
          Redrive…
        </Button>
        <Button tone="danger" onClick={() => setOpen("discard")}>
          Discard…
        </Button>
      </div>
      {open === "redrive" ? (
        <RedrivePanel
          environment={environment}
          dlq={dlq}
          selection={{ seqs: [seq] }}
          defaultRate={100}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
      {open === "discard" ? (
        <DiscardPanel
          environment={environment}
          dlq={dlq}
          selection={{ seqs: [seq] }}
          expected={1}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
    </div>
  );
}
