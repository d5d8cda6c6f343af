// What keeps one of Switchyard's own services from running (dead-letter capture that cannot start, an unknown
// JetStream domain), per environment, shared through globalThis by every bundle: the collector turns these into
// findings and /api/health reports `degraded` while any is critical.
import { perEnvironment } from "@/lib/core/per-environment";
import type { FindingRule, Severity } from "@/lib/dto/findings";
import type { RawFinding } from "./health-rules";

export type ServiceProblem = {
  rule: FindingRule;
  severity: Severity;
  title: string;
  detail: string;
  href?: string;
};

function registry(environment: string): Map<string, ServiceProblem> {
  return perEnvironment("service-problems", environment, () => new Map<string, ServiceProblem>());
}

/** Sets (or, with undefined, clears) the problem a service has under `id`. */
export function reportProblem(environment: string, id: string, problem: ServiceProblem | undefined): void {
  if (problem) registry(environment).set(id, problem);
  else registry(environment).delete(id);
}

export function serviceProblems(environment: string): [string, ServiceProblem][] {
  return [...registry(environment)];
}

/** The problems as findings for the health rules. */
export function serviceFindings(environment: string): RawFinding[] {
  return serviceProblems(environment).map(([id, p]) => ({
    id,
    rule: p.rule,
    severity: p.severity,
    title: p.title,
    detail: p.detail,
    where: {},
    value: 1,
    threshold: 0,
    unit: "",
    href: p.href ?? "",
  }));
}

/** Advisories waiting for capture beyond which it is falling behind. */
export const CAPTURE_BEHIND_AT = 5_000;
const STORAGE_WARN = 0.8;
const STORAGE_CRITICAL = 0.95;

/**
 * What capture's periodic figures mean: capture falling behind, the account's JetStream storage near or at its
 * limit. Each id is set while the condition holds and cleared when it no longer does.
 */
export function watchProblems(figures: {
  waiting: number;
  failing: boolean;
  stranded?: number;
  storage: { used: number; limit: number | null } | null;
}): [string, ServiceProblem | undefined][] {
  const strandedCount = figures.stranded ?? 0;
  const stranded: ServiceProblem | undefined =
    strandedCount > 0
      ? {
          rule: "dead_letters_stranded",
          severity: "warning",
          title: `${strandedCount.toLocaleString("en-US")} dead letters without an advisory are not captured yet`,
          detail:
            "They reached max deliveries while their advisory could not be stored (a full store or advisory stream), so they sit in their work queue. The sweep keeps trying to copy them to the dead-letter queue.",
          href: "/dead-letters",
        }
      : undefined;
  const behind: ServiceProblem | undefined =
    figures.waiting >= CAPTURE_BEHIND_AT
      ? {
          rule: "dlq_capture_behind",
          severity: "warning",
          title: `Dead-letter capture is falling behind: ${figures.waiting.toLocaleString("en-US")} advisories waiting`,
          detail: figures.failing
            ? "Capture's last batch failed (the dead-letter stream refuses new entries, or NATS trouble): it backs off and retries."
            : "Dead letters arrive faster than capture copies them; they are copied in order as it catches up.",
          href: "/dead-letters",
        }
      : undefined;
  const { used = 0, limit = null } = figures.storage ?? {};
  const use = limit ? used / limit : 0;
  const storage: ServiceProblem | undefined =
    limit && use >= STORAGE_WARN
      ? {
          rule: "jetstream_storage_near_limit",
          severity: use >= STORAGE_CRITICAL ? "critical" : "warning",
          title: `JetStream storage is at ${Math.round(use * 100)}% of the account's limit`,
          detail: `${(used / 1024 / 1024).toFixed(1)} MiB of ${(limit / 1024 / 1024).toFixed(1)} MiB used. At the limit publishes fail and advisories are no longer stored: dead letters reached meanwhile are not captured.`,
        }
      : undefined;
  return [
    ["dead_letters_stranded", stranded],
    ["dlq_capture_behind", behind],
    ["jetstream_storage_near_limit", storage],
  ];
}
