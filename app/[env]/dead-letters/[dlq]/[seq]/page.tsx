import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { EntryActions } from "@/components/dead-letters/entry-actions";
import { EntryContent } from "@/components/dead-letters/entry-content";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { sessionInfo } from "@/lib/auth/current";
import { deadLetters } from "@/lib/dlq";
import { entryParams } from "@/lib/dto/dead-letter-params";
import { REDRIVE_FLAG_AT } from "@/lib/dto/dead-letters";
import { roleAllows } from "@/lib/core/roles";
import { AppError } from "@/lib/core/errors";

export const metadata: Metadata = { title: "Dead letter" };

export default async function DeadLetterEntryPage({
  params,
}: {
  params: Promise<{ env: string; dlq: string; seq: string }>;
}) {
  const parsed = entryParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { env, dlq: requested, seq } = parsed.data;
  const dl = deadLetters(env);
  const { afterRedrive } = await dl.defaults();
  let entry;
  try {
    entry = await dl.entry(requested, seq);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
  // The entry arrives masked (lib/masking); the originals reach the browser only through an audited reveal.
  const role = (await sessionInfo(await headers())).actor?.role;
  const canReveal = role !== undefined && roleAllows(role, "operate");
  const origin = entry.origin;
  const facts: [string, React.ReactNode][] = [
    [
      "Original subject",
      <span key="s" className="font-mono">
        {origin.subject ?? "unknown"}
      </span>,
    ],
    ["Stream / consumer", `${origin.stream ?? "—"} / ${origin.consumer ?? "—"}`],
    ["Original sequence", origin.seq ?? "—"],
    ["Reason", origin.reason ?? "—"],
    ["Deliveries", origin.deliveries ?? "—"],
    [
      "Conversation",
      <span key="c" className="font-mono">
        {entry.conversationId ?? "—"}
      </span>,
    ],
    ["Dead-lettered", <RelativeTime key="t" iso={entry.time} />],
    [
      "Times redriven",
      entry.redriveCount >= REDRIVE_FLAG_AT ? (
        <Badge key="r" tone="bad">
          {entry.redriveCount}× — keeps failing
        </Badge>
      ) : (
        `${entry.redriveCount}×`
      ),
    ],
  ];
  if (entry.redriven) {
    facts.push([
      "Redriven and kept",
      <span key="k" data-testid="redriven-mark">
        {entry.redriven.count}× while kept, last <RelativeTime iso={entry.redriven.lastAt} /> to{" "}
        <span className="font-mono">{entry.redriven.lastTarget}</span> (job {entry.redriven.lastJob})
      </span>,
    ]);
  }
  return (
    <>
      <nav className="text-sm">
        <Link
          href={`/${env}/dead-letters?dlq=${encodeURIComponent(entry.dlqStream)}`}
          className="hover:underline"
        >
          ← Dead letters in {entry.dlqStream}
        </Link>
      </nav>
      <h1 className="text-lg font-semibold">
        Entry {entry.seq} <span className="text-sm font-normal text-zinc-500">of {entry.dlqStream}</span>
        {entry.payloadLost ? <Badge tone="warn">payload lost</Badge> : null}
      </h1>
      <Card>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 p-4 text-sm md:grid-cols-4">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-zinc-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <EntryActions environment={env} dlq={entry.dlqStream} seq={entry.seq} />
      </Card>
      <EntryContent
        environment={env}
        entry={entry}
        canReveal={canReveal}
        editDescription={`Change the payload or headers, then publish to the target; only after the target stream confirms is the entry ${afterRedrive === "keep" ? "marked as redriven (this environment keeps redriven entries)" : "deleted"}.`}
      />
    </>
  );
}
