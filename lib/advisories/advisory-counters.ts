// Cumulative advisory counts per (stream, consumer): NAKs, max deliveries, terminations (pure accumulator).
import { advisoryKind, type Advisory } from "./advisory";
import { consumerKey } from "@/lib/core/series-keys";

export type AdvisoryCounts = { naked: number; maxDeliveries: number; terminated: number };

/** Per consumer, how many recent max-delivered sequences to remember (they are skipped as "oldest unprocessed"). */
const RECENT_MAX_DELIVERED = 1000;

export class AdvisoryCounters {
  private readonly counts = new Map<string, AdvisoryCounts>();
  private readonly maxDelivered = new Map<string, Set<number>>();

  add(advisory: Advisory): void {
    const key = consumerKey(advisory.stream, advisory.consumer);
    const entry = this.counts.get(key) ?? { naked: 0, maxDeliveries: 0, terminated: 0 };
    const kind = advisoryKind(advisory);
    if (kind === "naked") entry.naked++;
    else if (kind === "max_deliveries") {
      entry.maxDeliveries++;
      this.rememberMaxDelivered(key, advisory.stream_seq);
    } else entry.terminated++;
    this.counts.set(key, entry);
  }

  /** True when the message reached max deliveries for that consumer (recently: the last 1,000 per consumer). */
  isMaxDelivered(stream: string, consumer: string, seq: number): boolean {
    return this.maxDelivered.get(consumerKey(stream, consumer))?.has(seq) ?? false;
  }

  private rememberMaxDelivered(key: string, seq: number): void {
    const seqs = this.maxDelivered.get(key) ?? new Set<number>();
    seqs.add(seq);
    if (seqs.size > RECENT_MAX_DELIVERED) seqs.delete(seqs.values().next().value!);
    this.maxDelivered.set(key, seqs);
  }

  /** Keyed by consumerKey(). */
  snapshot(): ReadonlyMap<string, AdvisoryCounts> {
    return new Map([...this.counts].map(([k, v]) => [k, { ...v }]));
  }
}
