"use client";
// A redrive job's in-doubt entries: work in flight at a NATS restart that could not be proven delivered or not.
// The operator decides: send them again (may deliver twice) or mark them redriven (they did arrive).
import { useState } from "react";
import type { RedriveJob } from "@/lib/dto/dead-letters";
import { formatCount } from "@/lib/core/format";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { Button } from "./button";

const LISTED = 50;

export function InDoubtPanel({
  environment,
  job,
  onChange,
}: {
  environment: string;
  job: RedriveJob;
  onChange: (job: RedriveJob) => void;
}) {
  const [confirming, setConfirming] = useState<"send" | "mark">();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!job.inDoubt) return null;
  const act = async (action: "send" | "mark") => {
    setBusy(true);
    const result = await apiPost<RedriveJob>(apiPaths.redriveJobInDoubt(environment, job.id), { action });
    setBusy(false);
    setConfirming(undefined);
    if (result.ok) onChange(result.data);
    setError(result.ok ? undefined : result.message);
  };
  const n = formatCount(job.inDoubt);
  return (
    <section
      data-testid="job-in-doubt"
      aria-label="Entries in doubt"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <p>
        <strong>{n} in doubt:</strong> they may already have been delivered. NATS restarted (or failed over)
        while they were being sent, and the target could not prove either way. They stay in the dead-letter
        queue until you decide.
      </p>
      <details>
        <summary>Which entries</summary>
        <p className="mt-1 font-mono break-words">
          {job.inDoubtSeqs
            .slice(0, LISTED)
            .map((seq) => `#${seq}`)
            .join(" ")}
          {job.inDoubt > LISTED ? ` … and ${formatCount(job.inDoubt - LISTED)} more` : ""}
        </p>
      </details>
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>
            {confirming === "send"
              ? `Send ${n} again? Any that did arrive will arrive twice.`
              : `Mark ${n} redriven without sending? Do this only if you know they arrived.`}
          </span>
          <Button
            tone={confirming === "send" ? "danger" : undefined}
            disabled={busy}
            onClick={() => act(confirming)}
          >
            {confirming === "send" ? `Send ${n} again` : `Mark ${n} redriven`}
          </Button>
          <Button disabled={busy} onClick={() => setConfirming(undefined)}>
            Keep them
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => setConfirming("send")}>Send again…</Button>
          <Button onClick={() => setConfirming("mark")}>Mark redriven…</Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </section>
  );
}
