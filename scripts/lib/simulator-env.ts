// Simulator knobs for the scripts, from environment variables (SIM_*), validated.
import { z } from "zod";
import type { SimulatorOptions } from "@/lib/simulator";

const schema = z.object({
  SIM_SEED: z.coerce.number().int().optional(),
  SIM_CONVERSATIONS_PER_MINUTE: z.coerce.number().min(0).max(60_000).optional(),
  SIM_ACK_WAIT_MS: z.coerce.number().int().min(100).optional(),
  SIM_MAX_DELIVER: z.coerce.number().int().min(1).optional(),
  SIM_TIME_SCALE: z.coerce.number().positive().optional(),
  SIM_WORKERS_PER_TOOL: z.coerce.number().int().min(1).max(256).optional(),
  SIM_POOLS_OFF: z.string().optional(),
  SIM_STORAGE: z.enum(["file", "memory"]).optional(),
  /** A tool whose every call runs past its ack wait (1.5 × SIM_ACK_WAIT_MS, or SIM_SLOW_TOOL_SHARE × it). */
  SIM_SLOW_TOOL: z.string().optional(),
  SIM_SLOW_TOOL_SHARE: z.coerce.number().positive().max(100).optional(),
});

export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<SimulatorOptions> {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("SIM_") && v !== "")),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  const v = parsed.data;
  const options: Partial<SimulatorOptions> = {};
  if (v.SIM_SEED !== undefined) options.seed = v.SIM_SEED;
  if (v.SIM_CONVERSATIONS_PER_MINUTE !== undefined)
    options.conversationsPerMinute = v.SIM_CONVERSATIONS_PER_MINUTE;
  if (v.SIM_ACK_WAIT_MS !== undefined) options.ackWaitMs = v.SIM_ACK_WAIT_MS;
  if (v.SIM_MAX_DELIVER !== undefined) options.maxDeliver = v.SIM_MAX_DELIVER;
  if (v.SIM_TIME_SCALE !== undefined) options.timeScale = v.SIM_TIME_SCALE;
  if (v.SIM_WORKERS_PER_TOOL !== undefined) options.workersPerTool = v.SIM_WORKERS_PER_TOOL;
  if (v.SIM_POOLS_OFF)
    options.poolsOff = v.SIM_POOLS_OFF.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (v.SIM_STORAGE) options.storage = v.SIM_STORAGE;
  if (v.SIM_SLOW_TOOL) options.slowTool = { tool: v.SIM_SLOW_TOOL, ackWaitShare: v.SIM_SLOW_TOOL_SHARE };
  return options;
}
