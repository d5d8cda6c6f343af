// Per-environment dead-letter services on globalThis: capture and the redrive runner, started at server boot.
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { DEFAULT_REDRIVE_RATE } from "@/lib/config/load-config";
import { environmentConnection } from "@/lib/nats/registry";
import { traceSettings } from "@/lib/keys/key-rules";
import { recordAudit } from "@/lib/audit/record-audit";
import { reportProblem, watchProblems } from "@/lib/metrics/service-problems";
import { OWN_DLQ_STREAM, type Source } from "@/lib/dlq/entries";
import { DeadLetterCapture } from "@/lib/dlq/capture";
import { RedriveRunner, type RedriveDefaults } from "@/lib/dlq/redrive";

export type DlqServices = {
  capture: DeadLetterCapture;
  runner: RedriveRunner;
  configured: string[];
  defaults: RedriveDefaults;
  source: () => Promise<Source>;
};

export function dlqServices(environment: string): DlqServices {
  return perEnvironment("dlq", environment, () => {
    const conn = environmentConnection(environment);
    const settings = conn.env.deadLetters;
    const originHeaders = settings?.originHeaders;
    const keyRules = traceSettings(getConfig().traces).keyRules;
    const source = async (): Promise<Source> => ({
      nc: conn.connection(),
      jsm: await conn.manager(),
      apiPrefix: conn.apiPrefix(),
      originHeaders,
      keyRules,
    });
    const runner = new RedriveRunner({
      connection: () => conn.connection(),
      manager: () => conn.manager(),
      apiPrefix: conn.apiPrefix(),
      leaseMs: settings?.redriveLeaseMs,
      originHeaders,
      keyRules,
      onFinish: async (job) => {
        const src = await source();
        await recordAudit(src, {
          user: job.createdBy,
          address: null,
          action: "redrive.finish",
          dlqStream: job.dlqStream,
          jobId: job.id,
          target: job.target,
          counts: { total: job.total, moved: job.moved, failed: job.failed, skipped: job.skipped },
          result: job.failed === 0 && job.state === "done" ? "ok" : job.moved > 0 ? "partial" : "failed",
          note: job.stateReason ?? undefined,
          // The state it stopped in is what happened: done, paused (loop guard), cancelled or failed.
          detail: { state: job.state },
        }).catch(() => undefined);
      },
    });
    const capture = new DeadLetterCapture({
      connection: () => conn.connection(),
      apiPrefix: conn.apiPrefix(),
      configuredDlqStreams: conn.env.deadLetterStreams,
      keepOriginalStreams: settings?.keepOriginalStreams ?? [],
      originHeaders,
      streamBytes: {
        advisories: settings?.advisoryStreamMaxBytes,
        deadLetters: settings?.deadLetterStreamMaxBytes,
      },
      onProblem: (cause) =>
        reportProblem(
          environment,
          "dlq_capture_down",
          cause === undefined
            ? undefined
            : {
                rule: "dlq_capture_down",
                severity: "critical",
                title: `Dead-letter capture is not running: ${cause}`,
                detail: `Messages that reach max deliveries or are terminated are not copied to ${OWN_DLQ_STREAM} while this lasts (their advisories wait in SWITCHYARD_ADVISORIES if it exists). Capture retries by itself.`,
                href: "/dead-letters",
              },
        ),
      onWatch: (figures) => {
        for (const [id, problem] of watchProblems(figures)) reportProblem(environment, id, problem);
      },
      onReturned: (jobId) =>
        void runner
          .jobStore()
          .then((s) => s.addReturned(jobId))
          .catch(() => undefined),
    });
    const services: DlqServices = {
      capture: capture.start(),
      runner: runner.start(),
      configured: conn.env.deadLetterStreams,
      defaults: {
        ratePerSecond: settings?.redriveRatePerSecond ?? DEFAULT_REDRIVE_RATE,
        afterRedrive: settings?.afterRedrive ?? "delete",
      },
      source,
    };
    return services;
  });
}

export function startAllDeadLetterServices(): void {
  for (const env of getConfig().environments) dlqServices(env.name);
}
