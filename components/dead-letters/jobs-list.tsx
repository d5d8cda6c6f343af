"use client";
// Recent redrive jobs of this environment (any replica's), refreshed every two seconds while one is active.
import { useEffect, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { RedriveJob } from "@/lib/dto/dead-letters";
import { apiGet } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { JobProgress } from "./job-progress";

export function JobsList({ environment, initial }: { environment: string; initial: RedriveJob[] }) {
  const [jobs, setJobs] = useState(initial);
  useEffect(() => {
    const timer = setInterval(async () => {
      const result = await apiGet<{ jobs: RedriveJob[] }>(apiPaths.redrive(environment));
      if (result.ok) setJobs(result.data.jobs);
    }, 2000);
    return () => clearInterval(timer);
  }, [environment]);
  if (jobs.length === 0) return null;
  const active = jobs.filter((j) => j.state === "running" || j.state === "paused");
  const recent = jobs.filter((j) => !active.includes(j)).slice(0, 5);
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
              <li key={job.id} className="flex flex-wrap gap-3 py-1.5">
                <span className="font-mono">{job.id}</span>
                <span>{job.state}</span>
                <span className="num">
                  {job.moved} moved · {job.failed} failed · {job.skipped} skipped of {job.total}
                </span>
                <span className="text-zinc-500">by {job.createdBy}</span>
                <RelativeTime iso={job.updatedAt} className="ml-auto text-zinc-500" />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
