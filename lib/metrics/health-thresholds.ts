// Health-rule thresholds: defaults, and per-stream/consumer overrides from the config file.
import type { HealthConfig, HealthThresholds } from "@/lib/config/health-schema";

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

/**
 * Thresholds for a stream (and optionally one of its consumers): defaults ← config ← stream override ←
 * consumer override.
 */
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
