// Counts, per consumer, for how many consecutive polls it had a backlog while nothing settled: neither the
// ack floor nor the settled-delivery count moved (a slow message in flight alone does not make a stall).
import type { ConsumerInfo } from "@nats-io/jetstream";
import { settled } from "./summarize";
import { consumerKey } from "@/lib/core/series-keys";

type State = { floor: number; settled: number; polls: number; update: number };

export class StallTracker {
  private readonly state = new Map<string, State>();
  private updates = 0;

  /** Updates every consumer's count in place (consumers gone since the last poll are forgotten). */
  update(consumers: Iterable<ConsumerInfo>): ReadonlyMap<string, { polls: number }> {
    const update = ++this.updates;
    for (const ci of consumers) {
      const key = consumerKey(ci.stream_name, ci.name);
      const floor = ci.ack_floor.stream_seq;
      const backlog = ci.num_pending + ci.num_ack_pending;
      const done = settled(ci);
      const before = this.state.get(key);
      if (!before) {
        this.state.set(key, { floor, settled: done, polls: 0, update });
        continue;
      }
      before.polls = backlog > 0 && before.floor === floor && before.settled === done ? before.polls + 1 : 0;
      before.floor = floor;
      before.settled = done;
      before.update = update;
    }
    for (const [key, s] of this.state) if (s.update !== update) this.state.delete(key);
    return this.state;
  }
}
