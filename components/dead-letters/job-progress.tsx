"use client";
// Live progress of one redrive job (polled): moved, failed, remaining, rate, ETA; pause, resume and a confirmed
// cancel for those allowed to operate.
import { useEffect, useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { Badge, type Tone } from "@/components/ui/badge";
import type { JobAction } from "@/lib/dto/dead-letter-params";
import { jobIsActive, type RedriveJob } from "@/lib/dto/dead-letters";
import { formatCount, formatDuration, formatRate } from "@/lib/core/format";
import { apiGet, apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { Button } from "./button";
import { InDoubtPanel } from "./in-doubt-panel";

const TONE: Record<RedriveJob["state"], Tone> = {
  planning: "neutral",
  running: "neutral",
  paused: "warn",
  cancelled: "warn",
  done: "good",
  failed: "bad",
};

export function JobProgress({
  environment,
  initial,
  onSettled,
}: {
  environment: string;
  initial: RedriveJob;
  onSettled?: (job: RedriveJob) => void;
}) {
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<string>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const canOperate = useCan("operate");
  const active = jobIsActive(job.state);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const result = await apiGet<RedriveJob>(apiPaths.redriveJob(environment, job.id));
      if (result.ok) {
        setJob(result.data);
        if (!jobIsActive(result.data.state)) onSettled?.(result.data);
      }
    }, 500);
    return () => clearInterval(timer);
  }, [active, environment, job.id, onSettled]);
  const act = async (action: JobAction) => {
    const result = await apiPost<RedriveJob>(apiPaths.redriveJobAction(environment, job.id, action), {});
    if (result.ok) setJob(result.data);
    setError(result.ok ? undefined : result.message);
  };
  const settled = job.moved + job.failed + job.skipped + job.inDoubt;
  const { planning } = job;
  const percent = planning
    ? Math.min(100, Math.round((planning.examined / Math.max(1, planning.of)) * 100))
    : job.total
      ? Math.round((settled / job.total) * 100)
      : 100;
  return (
    <div
      data-testid="redrive-job"
      data-state={job.state}
      className="space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-xs">{job.id}</span>
        <Badge tone={TONE[job.state]}>{job.state}</Badge>
        <span className="text-xs text-zinc-500">
          {job.target ? `to ${job.target}` : "to original subjects"} ·{" "}
          {job.ratePerSecond ? `${job.ratePerSecond} msgs/s limit` : "no rate limit"} · by {job.createdBy}
        </span>
        {canOperate ? (
          <span className="ml-auto flex gap-2">
            {job.state === "running" ? <Button onClick={() => act("pause")}>Pause</Button> : null}
            {job.state === "paused" ? <Button onClick={() => act("resume")}>Resume</Button> : null}
            {active ? (
              <Button tone="danger" onClick={() => setConfirmCancel(true)}>
                Cancel…
              </Button>
            ) : null}
          </span>
        ) : null}
      </div>
      <progress
        value={percent}
        max={100}
        aria-label={planning ? "Planning progress" : "Redrive progress"}
        className={`h-2 w-full overflow-hidden rounded ${planning ? "accent-sky-500" : "accent-emerald-500"}`}
      />
      {planning ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="job-planning">
          Planning: read <span className="num">{formatCount(planning.examined)}</span> of about{" "}
          <span className="num">{formatCount(planning.of)}</span> entries,{" "}
          <span className="num">{formatCount(planning.selected)}</span> selected so far. Nothing is sent until
          the selection is snapshotted; then the job runs by itself.
        </p>
      ) : null}
      <dl className="grid grid-cols-3 gap-2 text-xs md:grid-cols-6">
        {[
          ["Moved", formatCount(job.moved), "moved"],
          ["Failed", formatCount(job.failed), "failed"],
          ["Skipped", formatCount(job.skipped), "skipped"],
          ["Remaining", planning ? "—" : formatCount(job.remaining), "remaining"],
          ["Rate", formatRate(job.state === "running" ? job.rate : 0), "rate"],
          ["ETA", job.etaSeconds === null ? "—" : formatDuration(job.etaSeconds), "eta"],
        ].map(([label, value, id]) => (
          <div key={id}>
            <dt className="text-zinc-500">{label}</dt>
            <dd className="num font-medium" data-testid={`job-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {job.stateReason && !job.inDoubt ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{job.stateReason}</p>
      ) : null}
      <InDoubtPanel environment={environment} job={job} onChange={setJob} />
      {job.returned ? (
        <p className="text-xs text-amber-700 dark:text-amber-400">
          {formatCount(job.returned)} redriven messages came back to a dead-letter queue.
        </p>
      ) : null}
      {job.errors.length ? (
        <details className="text-xs">
          <summary>{job.errors.length} errors (first ones)</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {job.errors.map((e) => (
              <li key={e.seq}>
                #{e.seq}: {e.error}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {confirmCancel && active ? (
        <ModalDialog
          title={`Cancel redrive job ${job.id}?`}
          onClose={() => setConfirmCancel(false)}
          testId="cancel-dialog"
        >
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            The job stops after the messages in flight. The {formatCount(job.moved)} already moved stay moved
            (a cancel never reverts); the {formatCount(job.remaining)} remaining stay in the dead-letter
            queue.
          </p>
          <div className="flex gap-2">
            <Button
              tone="danger"
              onClick={() => {
                setConfirmCancel(false);
                void act("cancel");
              }}
            >
              Cancel the job
            </Button>
            <Button onClick={() => setConfirmCancel(false)} data-autofocus>
              Keep it running
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </div>
  );
}
