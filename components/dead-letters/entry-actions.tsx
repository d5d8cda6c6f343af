"use client";
// Redrive or discard the entry shown on its detail page (offered to roles that may operate).
import { useCallback, useState } from "react";
import type { RedriveJob } from "@/lib/dto/dead-letters";
import { useCan, useSession } from "@/components/auth/session-context";
import { Button } from "./button";
import { DiscardPanel } from "./discard-panel";
import { RedrivePanel } from "./redrive-panel";
import { useEntryRedrive } from "./entry-redrive-state";
import { RedriveResult } from "./redrive-result";

export function EntryActions({
  environment,
  dlq,
  seq,
  conversationId,
  originalSubject,
}: {
  environment: string;
  dlq: string;
  seq: number;
  conversationId: string | null;
  originalSubject: string | null;
}) {
  const [open, setOpen] = useState<"redrive" | "discard">();
  const canOperate = useCan("operate");
  const { actor } = useSession();
  const { done, setDone } = useEntryRedrive();
  // A job that moved the entry ends here, on its result, not on a refreshed page whose entry is gone.
  const settled = useCallback(
    (job: RedriveJob) => {
      if (job.moved > 0) setDone({ kind: "job", job });
    },
    [setDone],
  );
  if (done)
    return (
      <RedriveResult
        environment={environment}
        dlq={dlq}
        seq={seq}
        conversationId={conversationId}
        done={done}
      />
    );
  if (!canOperate)
    return (
      <p
        className="border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
        data-testid="operate-note"
      >
        Redrive and discard need the operator role{actor ? ` (you are ${actor.role})` : ""}.
      </p>
    );
  return (
    <div>
      <div className="flex flex-wrap gap-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
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
          onSettled={settled}
          targetExample={originalSubject ?? "a subject a stream captures"}
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
