// Counts, per consumer, for how many consecutive polls it had a backlog while nothing settled: neither the
// ack floor nor the settled-delivery count moved (a slow message in flight alone does not make a stall).
import type { ConsumerInfo } from "@nats-io/jetstream";
import { settled } from "@/lib/collector/summarize";

export class StallTracker {
  private readonly state = new Map<string, { floor: number; settled: number; polls: number }>();

  update(consumers: Iterable<ConsumerInfo>): Map<string, number> {
    const next = new Map<string, { floor: number; settled: number; polls: number }>();
    for (const ci of consumers) {
      const key = `${ci.stream_name}/${ci.name}`;
      const floor = ci.ack_floor.stream_seq;
      const backlog = ci.num_pending + ci.num_ack_pending;
      const before = this.state.get(key);
      const done = settled(ci);
      const polls = backlog > 0 && before && before.floor === floor && before.settled === done ? before.polls + 1 : 0;
      next.set(key, { floor, settled: done, polls });
    }
    this.state.clear();
    for (const [k, v] of next) this.state.set(k, v);
    return new Map([...next].map(([k, v]) => [k, v.polls]));
  }
}
