"use client";
// Discard entries for good, in a dialog that is the confirmation: one entry with a click, more only after typing
// their count.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { formatCount } from "@/lib/core/format";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DiscardRequest, Selection } from "@/lib/dto/dead-letters";
import { Button, inputClass } from "./button";

export function DiscardPanel({
  environment,
  dlq,
  selection,
  expected,
  onClose,
}: {
  environment: string;
  dlq: string;
  selection: Selection;
  expected: number | null;
  onClose: () => void;
}) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const bulk = expected === null || expected > 1;
  const submit = async () => {
    const result = await apiPost<{ discarded: number }>(apiPaths.deadLetterDiscard(environment), {
      dlq,
      selection,
      confirmCount: bulk ? Number(typed) : undefined,
    } satisfies DiscardRequest);
    setError(result.ok ? undefined : result.message);
    if (result.ok) {
      setDone(`Discarded ${formatCount(result.data.discarded)} entries.`);
      router.refresh();
    }
  };
  return (
    <ModalDialog
      title={`Discard ${expected === null ? "every entry matching the filters" : expected === 1 ? "this entry" : `${formatCount(expected)} entries`}?`}
      onClose={onClose}
      testId="discard-dialog"
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Discarded entries are deleted from {dlq} and cannot be redriven. The audit log records who did it.
      </p>
      {bulk ? (
        <label className="flex flex-wrap items-center gap-2 text-sm">
          Type the number of entries
          {expected === null ? " (the dry run of a redrive shows it)" : ` (${expected})`} to confirm
          <input
            aria-label="Count to confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            className={`${inputClass} num w-24`}
            inputMode="numeric"
          />
        </label>
      ) : null}
      <div className="flex gap-2">
        <Button
          tone="danger"
          onClick={submit}
          disabled={
            Boolean(done) || (bulk && (typed === "" || (expected !== null && Number(typed) !== expected)))
          }
        >
          Discard
        </Button>
        <Button onClick={onClose} data-autofocus={bulk ? undefined : true}>
          {done ? "Close" : expected === 1 ? "Keep it" : "Keep them"}
        </Button>
      </div>
      {done ? <output className="block text-sm">{done}</output> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </ModalDialog>
  );
}
