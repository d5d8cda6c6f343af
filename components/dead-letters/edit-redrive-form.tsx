"use client";
// Edit one entry's payload and headers, then redrive it (published, confirmed, then the entry is deleted).
import { useState } from "react";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { EditRedriveRequest } from "@/lib/dto/dead-letters";
import { Button, inputClass } from "./button";
import { useEntryRedrive } from "./entry-redrive-state";

type Props = {
  environment: string;
  dlq: string;
  seq: number;
  originalSubject: string | null;
  payloadText: string | null;
  headers: [string, string][];
  /** Lowercase names of the headers this DLQ stream keeps the origin in: not carried into the redriven message. */
  originHeaders: readonly string[];
};

export function EditRedriveForm({
  environment,
  dlq,
  seq,
  originalSubject,
  payloadText,
  headers,
  originHeaders,
}: Props) {
  const editable = headers.filter(
    ([name]) => !/^(nats-|x-dlq-|x-redrive-)/i.test(name) && !originHeaders.includes(name.toLowerCase()),
  );
  const { setDone } = useEntryRedrive();
  const [payload, setPayload] = useState(payloadText ?? "");
  const [headerText, setHeaderText] = useState(editable.map(([k, v]) => `${k}: ${v}`).join("\n"));
  const [target, setTarget] = useState(originalSubject ?? "");
  const [error, setError] = useState<string>();
  if (payloadText === null)
    return (
      <p className="px-4 py-3 text-sm text-zinc-500">
        This payload is binary or truncated: redrive it unedited from the list, or download it.
      </p>
    );
  const submit = async () => {
    const pairs = headerText
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const at = line.indexOf(":");
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as [string, string];
      });
    const response = await apiPost<{ target: string; stream: string; seq: number }>(
      apiPaths.deadLetterRedrive(environment, dlq, seq),
      { target: target.trim() || undefined, payload, headers: pairs } satisfies EditRedriveRequest,
    );
    setError(response.ok ? undefined : response.message);
    // The result view takes the page's top (EntryActions) and this form steps aside (UntilRedriven).
    if (response.ok) setDone({ kind: "edit", ...response.data });
  };
  return (
    <div className="space-y-3 p-4 text-sm">
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Target subject
        <input
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className={`${inputClass} font-mono`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Headers (one “Name: value” per line)
        <textarea
          value={headerText}
          onChange={(e) => setHeaderText(e.target.value)}
          rows={3}
          className={`${inputClass} font-mono text-xs`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Payload
        <textarea
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
          rows={8}
          className={`${inputClass} font-mono text-xs`}
        />
      </label>
      <div className="flex items-center gap-2">
        <Button tone="primary" onClick={submit}>
          Redrive edited message
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
