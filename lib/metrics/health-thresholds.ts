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

/**
 * `thresholdsFor` for one config, resolved once per stream/consumer that has an override and shared by every other
 * one: on an estate of 10,000 consumers and a handful of overrides, a handful of objects rather than 10,000.
 */
export function thresholdResolver(
  config: HealthConfig | undefined,
): (stream?: string, consumer?: string) => HealthThresholds {
  const base = thresholdsFor(config);
  const overridden = new Map<string, HealthThresholds>();
  for (const o of config?.overrides ?? []) {
    overridden.set(`${o.stream}\n`, thresholdsFor(config, o.stream));
    if (o.consumer) overridden.set(`${o.stream}\n${o.consumer}`, thresholdsFor(config, o.stream, o.consumer));
  }
  if (overridden.size === 0) return () => base;
  return (stream, consumer) =>
    overridden.get(`${stream ?? ""}\n${consumer ?? ""}`) ??
    (consumer === undefined ? undefined : overridden.get(`${stream ?? ""}\n`)) ??
    base;
}
