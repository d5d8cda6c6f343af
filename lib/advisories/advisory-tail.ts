// Follows the advisory stream on every replica (reads, never consumes) and keeps the cumulative counters.
// Counts cover the advisories the stream retains (7 days), so every replica reports the same figures.
import type { NatsConnection } from "@nats-io/transport-node";
import { readRange } from "@/lib/nats/stream-reader";
import { parseAdvisory } from "./advisory";
import { AdvisoryCounters } from "./advisory-counters";
import { ADVISORY_STREAM } from "./advisory-stream";

const POLL_MS = 1000;
const decoder = new TextDecoder();

export class AdvisoryTail {
  readonly counters = new AdvisoryCounters();
  private nextSeq = 1;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    private readonly connection: () => NatsConnection,
    private readonly apiPrefix: string,
  ) {}

  start(): this {
    void this.tick();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Reads what arrived since the last call; resolves when caught up. */
  async tick(): Promise<void> {
    try {
      await readRange(
        this.connection(),
        this.apiPrefix,
        { stream: ADVISORY_STREAM, startSeq: this.nextSeq, batch: 2000 },
        (msg) => {
          const advisory = parseAdvisory(decoder.decode(msg.data));
          if (advisory) this.counters.add(advisory);
          this.nextSeq = msg.seq + 1;
        },
      );
    } catch {
      // NATS down or the stream not made yet: the next tick tries again.
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), POLL_MS);
  }
}
