// One poll loop per environment: polls on a fixed interval (never overlapping) and publishes the latest overview.
import type { EnvironmentConnection } from "@/lib/nats/connection";
import type { Overview, PollStats, StreamSummary } from "@/lib/dto/overview";
import { pollJetStream, type RawPoll } from "./poll-jetstream";
import { summarizePoll } from "./summarize";

type Listener = (overview: Overview) => void;

export class Collector {
  private timer?: ReturnType<typeof setInterval>;
  private polling = false;
  private previous?: RawPoll;
  private streams: StreamSummary[] = [];
  private stats: PollStats;
  private readonly listeners = new Set<Listener>();
  private unsubscribeStatus?: () => void;
  private firstPoll?: Promise<void>;

  constructor(
    private readonly connection: EnvironmentConnection,
    readonly intervalMs: number,
  ) {
    this.stats = { polledAt: null, durationMs: null, requests: null, intervalMs, skippedTicks: 0, stale: false };
  }

  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.unsubscribeStatus = this.connection.onStatus((status) => {
      // Poll at once on (re)connect so recovery shows within moments; publish status changes immediately.
      if (status.state === "connected") void this.tick();
      else this.publish();
    });
    this.firstPoll = this.tick();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribeStatus?.();
    this.listeners.clear();
  }

  /** Resolves once the first poll after start has finished (successfully or not). */
  ready(): Promise<void> {
    return this.firstPoll ?? Promise.resolve();
  }

  latest(): Overview {
    return {
      environment: this.connection.env.name,
      connection: this.connection.status(),
      poll: { ...this.stats },
      streams: this.streams,
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one poll now unless one is in flight (then the tick is counted as skipped). */
  async tick(): Promise<void> {
    if (this.polling) {
      this.stats.skippedTicks++;
      return;
    }
    this.polling = true;
    try {
      const nc = this.connection.connection();
      const raw = await pollJetStream(nc, this.connection.apiPrefix());
      this.streams = summarizePoll(raw, this.previous);
      this.previous = raw;
      this.stats = {
        ...this.stats,
        polledAt: new Date(raw.at).toISOString(),
        durationMs: Math.round(raw.durationMs * 10) / 10,
        requests: raw.requests,
        stale: false,
        error: undefined,
      };
    } catch (error) {
      this.stats = { ...this.stats, stale: true, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.polling = false;
    }
    this.publish();
  }

  private publish(): void {
    const overview = this.latest();
    for (const listener of this.listeners) listener(overview);
  }
}
