// Cumulative advisory counts per (stream, consumer): NAKs, max deliveries, terminations (pure accumulator).
import { advisoryKind, type Advisory } from "./advisory";

export type AdvisoryCounts = { naked: number; maxDeliveries: number; terminated: number };

export class AdvisoryCounters {
  private readonly counts = new Map<string, AdvisoryCounts>();

  add(advisory: Advisory): void {
    const key = `${advisory.stream}/${advisory.consumer}`;
    const entry = this.counts.get(key) ?? { naked: 0, maxDeliveries: 0, terminated: 0 };
    const kind = advisoryKind(advisory);
    if (kind === "naked") entry.naked++;
    else if (kind === "max_deliveries") entry.maxDeliveries++;
    else entry.terminated++;
    this.counts.set(key, entry);
  }

  /** Keyed `${stream}/${consumer}`. */
  snapshot(): ReadonlyMap<string, AdvisoryCounts> {
    return new Map([...this.counts].map(([k, v]) => [k, { ...v }]));
  }
}
