// Health-rule thresholds: defaults, and per-stream/consumer overrides from the config file.
import { z } from "zod";

export const thresholdsSchema = z
  .object({
    backlogGrowingMinutes: z.number().positive().max(1440),
    backlogGrowingMin: z.number().int().min(1),
    oldestAgeSeconds: z.number().positive(),
    idleSeconds: z.number().positive(),
    stalledPolls: z.number().int().min(2),
    redeliveryRatePerSecond: z.number().positive(),
    deadLetterWindowMinutes: z.number().positive().max(1440),
    limitWarnRatio: z.number().gt(0).lt(1),
    limitCriticalRatio: z.number().gt(0).lte(1),
    replicaLagMessages: z.number().int().min(1),
  })
  .strict();

export type HealthThresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  backlogGrowingMinutes: 1,
  backlogGrowingMin: 10,
  oldestAgeSeconds: 60,
  idleSeconds: 30,
  stalledPolls: 12,
  redeliveryRatePerSecond: 1,
  deadLetterWindowMinutes: 5,
  limitWarnRatio: 0.8,
  limitCriticalRatio: 0.95,
  replicaLagMessages: 1000,
};

export const healthConfigSchema = thresholdsSchema
  .partial()
  .extend({
    overrides: z
      .array(
        thresholdsSchema
          .partial()
          .extend({ stream: z.string().min(1), consumer: z.string().min(1).optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type HealthConfig = z.infer<typeof healthConfigSchema>;

/** Thresholds for a stream (and optionally one of its consumers): defaults ← config ← stream override ← consumer override. */
export function thresholdsFor(
  config: HealthConfig | undefined,
  stream?: string,
  consumer?: string,
): HealthThresholds {
  const { overrides = [], ...base } = config ?? {};
  const streamOverride = overrides.find((o) => o.stream === stream && !o.consumer);
  const consumerOverride = consumer
    ? overrides.find((o) => o.stream === stream && o.consumer === consumer)
    : undefined;
  const strip = (o?: Record<string, unknown>) =>
    o ? Object.fromEntries(Object.entries(o).filter(([k]) => k !== "stream" && k !== "consumer")) : {};
  return { ...DEFAULT_THRESHOLDS, ...base, ...strip(streamOverride), ...strip(consumerOverride) };
}
