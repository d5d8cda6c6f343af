"use client";
// An entry's payload, headers, "copy as nats pub" and edit form: masked as the server sent them, the originals
// only after an operator's audited reveal.
import { useState } from "react";
import { apiPost, apiPostBlob } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { DeadLetterDetail } from "@/lib/dto/dead-letters";
import { natsPubCommand } from "@/lib/dto/nats-pub-command";
import { payloadViews } from "@/lib/dto/payload-format";
import { Card, CardHeader } from "@/components/ui/card";
import { Button } from "./button";
import { CopyCommand } from "./copy-command";
import { EditRedriveForm } from "./edit-redrive-form";
import { HeadersTable } from "./headers-table";
import { PayloadView } from "./payload-view";

type Props = { environment: string; entry: DeadLetterDetail; canReveal: boolean; editDescription: string };

function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Lowercase origin header names of this entry's stream (X-Dlq-* or what `deadLetterHeaders` maps). */
function originHeaderNames(entry: DeadLetterDetail): string[] {
  return Object.values(entry.originHeaderNames).map((name) => name.toLowerCase());
}

/** The origin headers this entry actually carries, as written: "Original-Stream, Original-Subject, …". */
function originHeaderList(entry: DeadLetterDetail): string {
  const mapped = originHeaderNames(entry);
  const present = entry.headers.map(([name]) => name).filter((name) => mapped.includes(name.toLowerCase()));
  return present.length ? [...new Set(present)].join(", ") : "No origin headers";
}

export function EntryContent({ environment, entry: masked, canReveal, editDescription }: Props) {
  const [entry, setEntry] = useState(masked);
  const [error, setError] = useState<string>();
  const { revealed, withheld } = entry.masking;
  const originNames = originHeaderNames(entry);
  const copyHeaders = entry.headers.filter(([name]) => !originNames.includes(name.toLowerCase()));
  const hidden = entry.masking.masked > 0 && !revealed;
  const text =
    entry.truncated || withheld
      ? null
      : payloadViews(Uint8Array.from(atob(entry.payloadBase64), (c) => c.charCodeAt(0))).text;
  const reveal = async () => {
    const response = await apiPost<DeadLetterDetail>(
      apiPaths.deadLetterReveal(environment, entry.dlqStream, entry.seq),
    );
    setError(response.ok ? undefined : response.message);
    if (response.ok) setEntry(response.data);
  };
  const downloadOriginal = async () => {
    const response = await apiPostBlob(apiPaths.deadLetterPayload(environment, entry.dlqStream, entry.seq));
    setError(response.ok ? undefined : response.message);
    if (response.ok) saveFile(response.data, `${entry.dlqStream}-${entry.seq}.bin`);
  };
  const revealBar = hidden ? (
    <div
      className="flex items-center gap-2 px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="masked-note"
    >
      {entry.masking.masked} value{entry.masking.masked === 1 ? "" : "s"} masked
      {withheld ? " (binary payload withheld)" : ""}.
      {canReveal ? (
        <Button onClick={reveal}>Reveal original (audited)</Button>
      ) : (
        <span>An operator can reveal the original.</span>
      )}
    </div>
  ) : revealed ? (
    <p className="px-4 py-2 text-xs text-amber-800 dark:text-amber-300" data-testid="revealed-note">
      Original shown; this reveal is in the audit log.
    </p>
  ) : null;
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Card>
        <CardHeader title="Payload" />
        {revealBar}
        <PayloadView
          key={revealed ? "revealed" : "masked"}
          payloadBase64={entry.payloadBase64}
          size={entry.size}
          truncated={entry.truncated}
          withheld={withheld}
          downloadUrl={apiPaths.deadLetterPayload(environment, entry.dlqStream, entry.seq)}
          onDownload={revealed ? downloadOriginal : undefined}
        />
      </Card>
      <Card>
        <CardHeader
          title="Headers"
          description={`${originHeaderList(entry)} record where the message came from in ${entry.dlqStream}; they and the server's Nats-* headers are never copied to a redrive.`}
        />
        <HeadersTable headers={entry.headers} />
      </Card>
      <Card>
        <CardHeader title="Republish by hand" />
        <CopyCommand
          command={natsPubCommand(
            entry.origin.subject ?? "SUBJECT",
            copyHeaders,
            text !== null && text.length <= 4096 ? text : null,
          )}
        />
      </Card>
      <Card>
        <CardHeader title="Edit and redrive" description={editDescription} />
        {!canReveal ? (
          <p className="px-4 py-3 text-sm text-zinc-500">Editing and redriving need the operator role.</p>
        ) : hidden ? (
          <p className="px-4 py-3 text-sm text-zinc-500">
            Editing starts from the original payload and headers: reveal them first (audited).
          </p>
        ) : (
          <EditRedriveForm
            key={revealed ? "revealed" : "masked"}
            environment={environment}
            dlq={entry.dlqStream}
            seq={entry.seq}
            originalSubject={entry.origin.subject}
            payloadText={text}
            headers={entry.headers}
            originHeaders={originNames}
          />
        )}
      </Card>
    </>
  );
}
