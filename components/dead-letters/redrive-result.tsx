"use client";
// Where a single-entry redrive (plain or edited) ends: what was published where, and what became of it as the
// conversation's trace sees it, with a link to that trace — instead of an entry page that says "not found".
import { IntentLink } from "@/components/ui/intent-link";
import { useEffect, useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { RedriveJob } from "@/lib/dto/dead-letters";
import { markId, pagePaths } from "@/lib/dto/page-paths";
import type { RedriveOutcome, Timeline } from "@/lib/dto/traces";

export type RedriveDone =
  { kind: "job"; job: RedriveJob } | { kind: "edit"; target: string; stream: string; seq: number };

type Seen = { stream: string; seq: number; subject: string; outcome: RedriveOutcome; status: string };

const OUTCOME: Record<RedriveOutcome, { tone: Tone; text: string }> = {
  result: { tone: "good", text: "processed: its result is in the trace" },
  acked: { tone: "good", text: "processed: acked and taken off its work queue" },
  dead_lettered: { tone: "bad", text: "dead-lettered again" },
  waiting: { tone: "neutral", text: "published; no result yet" },
};
const POLL_MS = 1000;
const POLL_FOR_MS = 120_000;

/** The redriven message as the trace sees it: the request redriven from this entry, and its redrive marker. */
function find(timeline: Timeline, dlq: string, seq: number): Seen | null {
  const mark = timeline.marks.find((m) => m.redrivenFrom?.stream === dlq && m.redrivenFrom.seq === seq);
  if (!mark) return null;
  const marker = timeline.markers.find(
    (m) => m.kind === "redriven" && m.deadLetter?.stream === dlq && m.deadLetter.seq === seq,
  );
  const pair = timeline.pairs.find((p) => p.requestId === mark.requestId);
  return {
    stream: mark.stream,
    seq: mark.seq,
    subject: mark.subject,
    outcome: marker?.outcome ?? "waiting",
    status: pair?.status ?? timeline.status,
  };
}

export function RedriveResult({
  environment,
  dlq,
  seq,
  conversationId,
  done,
}: {
  environment: string;
  dlq: string;
  seq: number;
  conversationId: string | null;
  done: RedriveDone;
}) {
  const [seen, setSeen] = useState<Seen | null>(null);
  // "Acked" is not the last word: the request can leave its work queue before its result shows in the trace (CI saw
  // it stay "acked" when the first look fell in between), so the view keeps looking for a result or a dead letter.
  const settled = seen !== null && (seen.outcome === "result" || seen.outcome === "dead_lettered");
  useEffect(() => {
    if (!conversationId || settled) return;
    const started = Date.now();
    const controller = new AbortController();
    const look = async () => {
      const answer = await apiGet<Timeline>(apiPaths.conversation(environment, conversationId), {
        signal: controller.signal,
      });
      if (answer.ok) setSeen(find(answer.data, dlq, seq));
    };
    void look();
    const timer = setInterval(() => {
      if (Date.now() - started > POLL_FOR_MS) clearInterval(timer);
      else void look();
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [environment, conversationId, dlq, seq, settled]);

  const target = done.kind === "edit" ? { stream: done.stream, seq: done.seq } : seen;
  const outcome = seen ? OUTCOME[seen.outcome] : null;
  return (
    <section
      aria-label="Redrive result"
      data-testid="redrive-result"
      data-outcome={seen?.outcome ?? "unknown"}
      className="space-y-2 border-t border-zinc-200 p-4 text-sm dark:border-zinc-800"
    >
      <h3 className="font-semibold">
        Entry {seq} of {dlq} was {done.kind === "edit" ? "edited and redriven" : "redriven"}
      </h3>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="text-zinc-500">{done.kind === "job" ? "Job" : "How"}</dt>
        <dd>
          {done.kind === "job" ? (
            <>
              <span className="font-mono text-xs">{done.job.id}</span>{" "}
              <Badge tone="good">{done.job.state}</Badge> {done.job.moved} moved, {done.job.failed} failed
            </>
          ) : (
            "single-entry edit (no job)"
          )}
        </dd>
        <dt className="text-zinc-500">Published to</dt>
        <dd data-testid="redrive-target">
          {target ? (
            <>
              stream <span className="font-mono">{target.stream}</span>, sequence{" "}
              <span className="num font-mono">{target.seq}</span>
              {done.kind === "edit" ? (
                <>
                  {" "}
                  (subject <span className="font-mono">{done.target}</span>)
                </>
              ) : null}
            </>
          ) : done.kind === "job" ? (
            `${done.job.target ?? "the original subject"}; the trace shows the stream and sequence once it sees the message`
          ) : null}
        </dd>
        <dt className="text-zinc-500">Outcome</dt>
        <dd data-testid="redrive-outcome">
          {outcome ? (
            <Badge tone={outcome.tone}>{outcome.text}</Badge>
          ) : conversationId ? (
            "looking for it in the conversation's trace…"
          ) : (
            "this entry names no conversation, so its trace cannot be followed here"
          )}
        </dd>
      </dl>
      <p className="flex flex-wrap gap-4">
        {conversationId ? (
          <IntentLink
            href={pagePaths.conversation(environment, conversationId, {
              mark: target ? markId(target.stream, target.seq) : undefined,
            })}
            className="text-sky-700 underline dark:text-sky-400"
          >
            Open the trace of {conversationId}
          </IntentLink>
        ) : null}
        <IntentLink
          href={`/${environment}/dead-letters?dlq=${encodeURIComponent(dlq)}`}
          className="text-sky-700 underline dark:text-sky-400"
        >
          Back to the dead letters in {dlq}
        </IntentLink>
      </p>
    </section>
  );
}
