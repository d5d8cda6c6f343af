import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { EntryActions } from "@/components/dead-letters/entry-actions";
import { EntryContent } from "@/components/dead-letters/entry-content";
import { EntryRedriveState, UntilRedriven } from "@/components/dead-letters/entry-redrive-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { sessionInfo } from "@/lib/auth/current";
import { deadLetters } from "@/lib/dlq";
import { entryParams } from "@/lib/dto/dead-letter-params";
import { REDRIVE_FLAG_AT } from "@/lib/dto/dead-letters";
import { roleAllows } from "@/lib/core/roles";
import { AppError } from "@/lib/core/errors";
import { markId, pagePaths } from "@/lib/dto/page-paths";
import { conversationId } from "@/lib/dto/traces";

export const metadata: Metadata = { title: "Dead letter" };

export default async function DeadLetterEntryPage({
  params,
  searchParams,
}: {
  params: Promise<{ env: string; dlq: string; seq: string }>;
  searchParams: Promise<{ conversation?: string | string[] }>;
}) {
  const parsed = entryParams.safeParse(await params);
  if (!parsed.success) notFound();
  const from = conversationId.safeParse((await searchParams).conversation);
  const { env, dlq: requested, seq } = parsed.data;
  const dl = deadLetters(env);
  const { afterRedrive } = await dl.defaults();
  let entry;
  try {
    entry = await dl.entry(requested, seq);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) {
      // Reached from a trace: the entry was most likely redriven since; say so and lead back, not to a dead end.
      if (from.success) return <EntryGone env={env} dlq={requested} seq={seq} conversation={from.data} />;
      notFound();
    }
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
      entry.conversationId ? (
        <IntentLink
          key="c"
          href={pagePaths.conversation(env, entry.conversationId, {
            mark: markId(entry.dlqStream, entry.seq),
          })}
          className="font-mono text-sky-700 underline dark:text-sky-400"
        >
          {entry.conversationId}
        </IntentLink>
      ) : (
        <span key="c" title="No key rule (traces.keyRules) found a conversation id in this entry">
          —
        </span>
      ),
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
        <IntentLink
          href={`/${env}/dead-letters?dlq=${encodeURIComponent(entry.dlqStream)}`}
          className="hover:underline"
        >
          ← Dead letters in {entry.dlqStream}
        </IntentLink>
      </nav>
      <h1 className="text-lg font-semibold">
        Entry {entry.seq} <span className="text-sm font-normal text-zinc-500">of {entry.dlqStream}</span>
        {entry.payloadLost ? <Badge tone="warn">payload lost</Badge> : null}
      </h1>
      {entry.payloadLost ? (
        <p role="note" className="text-sm text-amber-800 dark:text-amber-300" data-testid="payload-lost-note">
          The payload is gone: the message had already left {origin.stream ?? "its stream"} (a work queue
          removes a message its worker terminated) when it was captured, and nobody can recover it. This entry
          keeps only where it came from; redrive it only to a subject you choose, with a payload you supply.
        </p>
      ) : null}
      <EntryRedriveState>
        <Card>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 p-4 text-sm md:grid-cols-4">
            {facts.map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-xs text-zinc-500">{label}</dt>
                <dd className="wrap-anywhere">{value}</dd>
              </div>
            ))}
          </dl>
          <EntryActions
            environment={env}
            dlq={entry.dlqStream}
            seq={entry.seq}
            conversationId={entry.conversationId}
            originalSubject={origin.subject}
          />
        </Card>
        <UntilRedriven>
          <EntryContent
            environment={env}
            entry={entry}
            canReveal={canReveal}
            editDescription={`Change the payload or headers, then publish to the target; only after the target stream confirms is the entry ${afterRedrive === "keep" ? "marked as redriven (this environment keeps redriven entries)" : "deleted"}.`}
          />
        </UntilRedriven>
      </EntryRedriveState>
    </>
  );
}

/** An entry a trace linked to that is gone: redriven (the trace shows what became of it), discarded or expired. */
function EntryGone({
  env,
  dlq,
  seq,
  conversation,
}: {
  env: string;
  dlq: string;
  seq: number;
  conversation: string;
}) {
  return (
    <Card>
      <div className="space-y-2 p-4 text-sm" data-testid="entry-gone">
        <h1 className="text-lg font-semibold">
          Entry {seq} of {dlq} is no longer there
        </h1>
        <p>
          It was redriven, discarded or expired. A redrive shows in the conversation&apos;s trace (R, then its
          outcome); the audit log says who did what.
        </p>
        <p className="flex flex-wrap gap-4">
          <IntentLink
            href={pagePaths.conversation(env, conversation, { mark: markId(dlq, seq) })}
            className="text-sky-700 underline dark:text-sky-400"
          >
            Back to the trace of {conversation}
          </IntentLink>
          <IntentLink href={`/${env}/dead-letters?dlq=${encodeURIComponent(dlq)}`} className="underline">
            Dead letters in {dlq}
          </IntentLink>
        </p>
      </div>
    </Card>
  );
}
