// Zod schemas of the health-rule thresholds a config file may set, globally and per stream or consumer.
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
