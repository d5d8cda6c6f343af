"use client";
// Recent redrive jobs of this environment (any replica's), refreshed every two seconds. While a job runs, the page
// around it (entries, counts, summary) is refreshed too, so moved entries leave the table as the job goes.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { jobIsActive, type RedriveJob } from "@/lib/dto/dead-letters";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { JobProgress } from "./job-progress";
import { useAnnouncedJobs } from "./job-events";

const isActive = (job: RedriveJob) => jobIsActive(job.state);

export function JobsList({ environment, initial }: { environment: string; initial: RedriveJob[] }) {
  const router = useRouter();
  const [jobs, setJobs] = useState(initial);
  // Jobs seen running on this page keep their progress card after they settle, so their final figures stay put.
  const [watched, setWatched] = useState(() => new Set(initial.filter(isActive).map((j) => j.id)));
  const anyActive = jobs.some(isActive);
  useAnnouncedJobs(
    useCallback((job: RedriveJob) => {
      setJobs((all) => [job, ...all.filter((j) => j.id !== job.id)]);
      setWatched((ids) => new Set([...ids, job.id]));
    }, []),
  );
  useEffect(() => {
    const timer = setInterval(async () => {
      const result = await apiGet<{ jobs: RedriveJob[] }>(apiPaths.redrive(environment));
      if (!result.ok) return;
      setJobs(result.data.jobs);
      const running = result.data.jobs.filter(isActive).map((j) => j.id);
      if (running.some((id) => !watched.has(id))) setWatched((ids) => new Set([...ids, ...running]));
      // Refresh while a job runs and once more when the last one settles.
      if (anyActive || result.data.jobs.some(isActive)) router.refresh();
    }, 2000);
    return () => clearInterval(timer);
  }, [environment, anyActive, router, watched]);
  if (jobs.length === 0) return null;
  // A finished job with entries in doubt still waits for an operator: it keeps its full view (and its buttons).
  const shown = (j: RedriveJob) => isActive(j) || watched.has(j.id) || j.inDoubt > 0;
  const active = jobs.filter(shown);
  const recent = jobs.filter((j) => !shown(j)).slice(0, 5);
  return (
    <Card>
      <CardHeader
        title="Redrive jobs"
        description="Jobs live in NATS (KV bucket SWITCHYARD_REDRIVE_JOBS): any Switchyard replica resumes them after a restart."
      />
      <div className="space-y-2 p-4">
        {active.map((job) => (
          <JobProgress key={`${job.id}-${job.state}`} environment={environment} initial={job} />
        ))}
        {recent.length ? (
          <ul className="divide-y divide-zinc-100 text-xs dark:divide-zinc-800">
            {recent.map((job) => (
              <li key={job.id} className="flex flex-wrap gap-x-3 gap-y-0.5 py-1.5" data-testid="recent-job">
                <span className="font-mono">{job.id}</span>
                <span>{job.state === "done" ? "finished" : job.state}</span>
                <span className="num">
                  {job.moved} moved · {job.failed} failed · {job.skipped} skipped of {job.total}
                </span>
                <span className="text-zinc-500">by {job.createdBy}</span>
                {job.state === "failed" && job.stateReason ? (
                  <span className="text-red-700 dark:text-red-400">{job.stateReason}</span>
                ) : null}
                <RelativeTime iso={job.updatedAt} className="ml-auto text-zinc-500" />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
