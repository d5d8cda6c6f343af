// Per-minute buckets of one tool's counts and latencies over a sliding window of minutes (pure).
import { OUTCOMES, type ToolCounts } from "@/lib/dto/tools";
import { QuantileSketch } from "./quantile-sketch";

export const MINUTE = 60_000;

export const emptyCounts = (): ToolCounts => ({
  requests: 0,
  ok: 0,
  naked: 0,
  terminated: 0,
  maxDeliveries: 0,
  deadLettered: 0,
  redriven: 0,
  redeliveries: 0,
  duplicates: 0,
  extraResults: 0,
});

/**
 * What a minute holds: counts (duplicates derived on read), the NAKs that led to a redelivery, request → result
 * latencies, and service times (the latency less the queue wait the polls saw; see ToolStats.observeResult).
 */
type Minute = {
  minute: number;
  counts: ToolCounts;
  nakRedeliveries: number;
  sketch: QuantileSketch;
  service: QuantileSketch;
};

export type CountField = Exclude<keyof ToolCounts, "duplicates">;

export class ToolWindow {
  private readonly minutes: Minute[];

  constructor(readonly windowMinutes: number) {
    // One more than the window, so the current (partial) minute and a full window both fit.
    this.minutes = Array.from({ length: windowMinutes + 1 }, () => ({
      minute: Number.NEGATIVE_INFINITY,
      counts: emptyCounts(),
      nakRedeliveries: 0,
      sketch: new QuantileSketch(),
      service: new QuantileSketch(),
    }));
  }

  /** The bucket of time t, recycled when it last held an older minute; null when t is older than the ring. */
  private at(t: number): Minute | null {
    const minute = Math.floor(t / MINUTE);
    const slot = this.minutes[minute % this.minutes.length]!;
    if (slot.minute === minute) return slot;
    if (slot.minute > minute) return null;
    slot.minute = minute;
    const c = slot.counts;
    c.requests = c.ok = c.naked = c.terminated = c.maxDeliveries = c.deadLettered = 0;
    c.redriven = c.redeliveries = c.duplicates = c.extraResults = 0;
    slot.nakRedeliveries = 0;
    slot.sketch.clear();
    slot.service.clear();
    return slot;
  }

  count(t: number, field: CountField, n = 1): void {
    const slot = this.at(t);
    if (slot) slot.counts[field] += n;
  }

  nakRedelivery(t: number): void {
    const slot = this.at(t);
    if (slot) slot.nakRedeliveries++;
  }

  /** One call's request → result latency, and the part of it not spent waiting in the queue. */
  latency(t: number, ms: number, serviceMs = ms): void {
    const slot = this.at(t);
    slot?.sketch.add(ms);
    slot?.service.add(serviceMs);
  }

  /** Counts, merged latencies and merged service times of the minutes within the window ending at `now`. */
  read(now: number): { counts: ToolCounts; sketch: QuantileSketch; service: QuantileSketch } {
    const first = Math.floor(now / MINUTE) - this.windowMinutes + 1;
    const counts = emptyCounts();
    const sketch = new QuantileSketch();
    const service = new QuantileSketch();
    let nakRedeliveries = 0;
    for (const m of this.minutes) {
      if (m.minute < first || m.minute > first + this.windowMinutes - 1) continue;
      for (const field of ["requests", "redeliveries", "extraResults", ...OUTCOMES] as const)
        counts[field] += m.counts[field];
      nakRedeliveries += m.nakRedeliveries;
      sketch.merge(m.sketch);
      service.merge(m.service);
    }
    counts.duplicates = Math.max(0, counts.redeliveries - nakRedeliveries) + counts.extraResults;
    return { counts, sketch, service };
  }
}
