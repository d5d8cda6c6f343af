"use client";
// A job started from a dialog is handed to the page's jobs list, so each job shows in one place.
import { useEffect } from "react";
import type { RedriveJob } from "@/lib/dto/dead-letters";

const STARTED = "switchyard:redrive-job-started";

export function announceJob(job: RedriveJob): void {
  window.dispatchEvent(new CustomEvent<RedriveJob>(STARTED, { detail: job }));
}

export function useAnnouncedJobs(onJob: (job: RedriveJob) => void): void {
  useEffect(() => {
    const listener = (event: Event) => onJob((event as CustomEvent<RedriveJob>).detail);
    window.addEventListener(STARTED, listener);
    return () => window.removeEventListener(STARTED, listener);
  }, [onJob]);
}
