// Zod schema of the config file's `tools` section: the tool findings' thresholds and window.
import { z } from "zod";

const nonEmpty = z.string().trim().min(1, "must not be empty");

export const toolsConfigSchema = z
  .object({
    /** Latency near ack wait: p95 above this share of the consumer's ack wait. */
    ackWaitShare: z.number().gt(0).lte(1).optional(),
    /** Tool failure rate: terminated + max deliveries over calls in the window, above this ratio. */
    failureRate: z.number().gt(0).lte(1).optional(),
    /** Findings about rates and percentiles wait for this many calls in the window. */
    minCalls: z.number().int().min(1).optional(),
    /** The window figures and findings look at (minutes). */
    windowMinutes: z.number().int().min(1).max(60).optional(),
    /** Optional latency objectives: p95 (or p99) of a tool above this many ms is a finding. */
    objectives: z
      .array(
        z
          .object({
            tool: nonEmpty,
            p95Ms: z.number().positive().optional(),
            p99Ms: z.number().positive().optional(),
          })
          .strict()
          .refine((o) => o.p95Ms !== undefined || o.p99Ms !== undefined, "set p95Ms or p99Ms"),
      )
      .optional(),
  })
  .strict();

export type ToolsConfig = z.infer<typeof toolsConfigSchema>;
