"use client";
// Look up one message of a stream by sequence; masked by the server, with an audited reveal for operators.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { Card, CardHeader } from "@/components/ui/card";
import { apiGet, apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { MessageView } from "@/lib/dto/message";
import { MessageBody } from "./message-view";

type Result = { seq: string } & (
  { status: "error"; message: string } | { status: "ok"; message: MessageView }
);

export function MessagePeek({
  environment,
  stream,
  firstSeq,
  lastSeq,
}: {
  environment: string;
  stream: string;
  firstSeq: number;
  lastSeq: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const seq = params.get("seq") ?? "";
  const [result, setResult] = useState<Result | null>(null);
  const canReveal = useCan("operate");

  useEffect(() => {
    if (!seq) return;
    let current = true;
    void (async () => {
      const response = await apiGet<MessageView>(apiPaths.message(environment, stream, seq));
      if (!current) return;
      setResult(
        response.ok
          ? { seq, status: "ok", message: response.data }
          : { seq, status: "error", message: response.message },
      );
    })();
    return () => {
      current = false;
    };
  }, [environment, stream, seq]);

  const reveal = async () => {
    const revealed = await apiPost<MessageView>(apiPaths.messageReveal(environment, stream, seq));
    setResult(
      revealed.ok
        ? { seq, status: "ok", message: revealed.data }
        : { seq, status: "error", message: revealed.message },
    );
  };
  // A result for an older sequence is not shown; until the new one arrives the skeleton is.
  const state =
    seq && result?.seq === seq ? result : seq ? { status: "loading" as const } : { status: "idle" as const };

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("seq") ?? "").trim();
    router.replace(value ? `${pathname}?seq=${encodeURIComponent(value)}` : pathname);
  };

  const message = state.status === "ok" ? state.message : null;
  return (
    <Card>
      <CardHeader
        title="Message"
        description={
          lastSeq > 0
            ? `Look one up by sequence (${firstSeq} – ${lastSeq}). Emails, phone numbers and keys are masked.`
            : "The stream holds no messages yet."
        }
        actions={
          <form onSubmit={submit} className="flex items-center gap-2">
            <label htmlFor="message-seq" className="text-xs text-zinc-500 dark:text-zinc-400">
              Sequence
            </label>
            <input
              id="message-seq"
              name="seq"
              inputMode="numeric"
              defaultValue={seq}
              key={seq}
              className="w-28 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            <button
              type="submit"
              className="rounded bg-zinc-800 px-2.5 py-1 text-xs text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-sky-600 dark:bg-zinc-200 dark:text-zinc-900"
            >
              Show
            </button>
          </form>
        }
      />
      {state.status === "loading" ? (
        <div className="m-4 h-24 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
      ) : null}
      {state.status === "error" ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
      {message ? (
        <>
          <div className="flex items-center gap-3 px-4 pt-3 text-xs text-zinc-500">
            {message.masking.revealed ? (
              <span>Unmasked (your reveal was recorded in the audit log).</span>
            ) : message.masking.masked > 0 ? (
              <span data-testid="masked-count">{message.masking.masked} value(s) masked.</span>
            ) : (
              <span>Nothing to mask.</span>
            )}
            {canReveal && message.masking.masked > 0 && !message.masking.revealed ? (
              <button
                type="button"
                onClick={reveal}
                className="rounded border border-zinc-300 px-2 py-0.5 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
              >
                Reveal (audited)
              </button>
            ) : null}
          </div>
          <MessageBody message={message} />
        </>
      ) : null}
    </Card>
  );
}
