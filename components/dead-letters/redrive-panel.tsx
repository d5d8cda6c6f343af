"use client";
// Redrive a selection in a dialog: choose the target, dry-run it (count, per target, warnings), then start a job.
// Where the page lists jobs (onStarted), the job is handed there and the dialog closes: one place per job.
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { RedriveJob, RedrivePlan, RedriveRequest, Selection } from "@/lib/dto/dead-letters";
import { publishSubjectProblem } from "@/lib/core/subjects";
import { formatCount } from "@/lib/core/format";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { Button, inputClass } from "./button";
import { JobProgress } from "./job-progress";

export function RedrivePanel({
  environment,
  dlq,
  selection,
  defaultRate,
  onClose,
  onSettled,
  onStarted,
  targetExample,
}: {
  environment: string;
  dlq: string;
  selection: Selection;
  defaultRate: number;
  onClose: () => void;
  /** Instead of refreshing the page when the job settles (the entry page shows the result instead). */
  onSettled?: (job: RedriveJob) => void;
  /** A subject of this environment to show in the custom-target field (the entry's own, or one of its streams'). */
  targetExample: string;
  /** Instead of showing the job here: the page lists it in its one place for jobs. */
  onStarted?: (job: RedriveJob) => void;
}) {
  const router = useRouter();
  const [custom, setCustom] = useState(false);
  const [target, setTarget] = useState("");
  const [rate, setRate] = useState(String(defaultRate));
  const [plan, setPlan] = useState<RedrivePlan>();
  const [job, setJob] = useState<RedriveJob>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const targetProblem = custom ? publishSubjectProblem(target.trim()) : undefined;
  const rateValue = Number(rate);
  const rateProblem =
    !Number.isInteger(rateValue) || rateValue < 0 ? "must be a whole number ≥ 0 (0 = no limit)" : undefined;
  const body = (dryRun: boolean): RedriveRequest => ({
    dlq,
    selection,
    target: custom ? target.trim() : undefined,
    ratePerSecond: rateValue,
    dryRun,
  });
  const send = async (dryRun: boolean) => {
    setBusy(true);
    const result = await apiPost<{ plan?: RedrivePlan; job?: RedriveJob }>(
      apiPaths.redrive(environment),
      body(dryRun),
    );
    setBusy(false);
    setError(result.ok ? undefined : result.message);
    if (result.ok && result.data.plan) setPlan(result.data.plan);
    if (result.ok && result.data.job) {
      if (onStarted) onStarted(result.data.job);
      else setJob(result.data.job);
    }
  };
  const settled = useCallback(
    (settledJob: RedriveJob) => (onSettled ? onSettled(settledJob) : router.refresh()),
    [router, onSettled],
  );
  const what =
    "seqs" in selection
      ? `${formatCount(selection.seqs.length)} selected entries`
      : "every entry matching the filters";
  return (
    <ModalDialog title={`Redrive ${what}`} onClose={onClose} testId="redrive-dialog">
      {job ? (
        <>
          <JobProgress environment={environment} initial={job} onSettled={settled} />
          <div className="flex justify-end">
            <Button onClick={onClose}>Close</Button>
          </div>
        </>
      ) : (
        <>
          <fieldset className="flex flex-wrap items-center gap-4 text-sm">
            <legend className="sr-only">Target</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="target" checked={!custom} onChange={() => setCustom(false)} />{" "}
              Original subject of each entry
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="target" checked={custom} onChange={() => setCustom(true)} /> Another
              subject
            </label>
            {custom ? (
              <input
                aria-label="Target subject"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                placeholder={targetExample}
                className={`${inputClass} w-full font-mono sm:w-72`}
              />
            ) : null}
            <label className="flex items-center gap-1">
              Rate limit
              <input
                aria-label="Rate limit in messages per second"
                value={rate}
                onChange={(e) => setRate(e.target.value)}
                className={`${inputClass} num w-20 text-right`}
                inputMode="numeric"
              />
              msgs/s
            </label>
          </fieldset>
          {targetProblem && target ? (
            <p className="text-xs text-red-700">Target subject {targetProblem}.</p>
          ) : null}
          {rateProblem ? <p className="text-xs text-red-700">Rate {rateProblem}.</p> : null}
          {plan ? <PlanView plan={plan} /> : null}
          <div className="flex gap-2">
            <Button
              onClick={() => send(true)}
              disabled={busy || Boolean(targetProblem) || Boolean(rateProblem)}
            >
              Dry run
            </Button>
            <Button
              tone="primary"
              onClick={() => send(false)}
              disabled={busy || !plan || plan.count === 0 || Boolean(targetProblem) || Boolean(rateProblem)}
              title={plan ? undefined : "Dry-run first to see what will happen"}
            >
              {plan ? `Redrive ${formatCount(plan.count)} entries` : "Redrive (dry-run first)"}
            </Button>
            <Button onClick={onClose}>Close</Button>
          </div>
        </>
      )}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </ModalDialog>
  );
}

function PlanView({ plan }: { plan: RedrivePlan }) {
  return (
    <div
      data-testid="redrive-plan"
      className="space-y-2 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/50"
    >
      <p>
        Dry run: <strong data-testid="plan-count">{formatCount(plan.count)}</strong> entries would be redriven
        {plan.skipped ? `, ${formatCount(plan.skipped)} skipped` : ""}. Nothing was published.
      </p>
      <table className="text-xs">
        <tbody>
          {plan.perTarget.map((t) => (
            <tr key={t.target}>
              <td className="pr-3 font-mono">{t.target}</td>
              <td className="num pr-3 text-right">{formatCount(t.count)}</td>
              <td className="text-zinc-500">
                {t.stream
                  ? `→ ${t.stream}, ${t.consumers} consumer${t.consumers === 1 ? "" : "s"}`
                  : "no stream"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.warnings.map((w) => (
        <p key={w} className="text-xs text-amber-800 dark:text-amber-300">
          ⚠ {w}
        </p>
      ))}
    </div>
  );
}
