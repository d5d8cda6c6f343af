// Per-environment dead-letter services on globalThis: capture and the redrive runner, started at server boot.
import "server-only";
import { perEnvironment } from "@/lib/core/per-environment";
import { getConfig } from "@/lib/config";
import { DEFAULT_REDRIVE_RATE } from "@/lib/config/load-config";
import { environmentConnection } from "@/lib/nats/registry";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Source } from "@/lib/dlq/entries";
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
    const source = async (): Promise<Source> => ({
      nc: conn.connection(),
      jsm: await conn.manager(),
      apiPrefix: conn.apiPrefix(),
      originHeaders,
    });
    const runner = new RedriveRunner({
      connection: () => conn.connection(),
      manager: () => conn.manager(),
      apiPrefix: conn.apiPrefix(),
      leaseMs: settings?.redriveLeaseMs,
      originHeaders,
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
        }).catch(() => undefined);
      },
    });
    const capture = new DeadLetterCapture({
      connection: () => conn.connection(),
      apiPrefix: conn.apiPrefix(),
      configuredDlqStreams: conn.env.deadLetterStreams,
      keepOriginalStreams: settings?.keepOriginalStreams ?? [],
      originHeaders,
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
