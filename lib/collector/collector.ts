// One poll loop per environment: polls on a fixed interval (never overlapping), derives figures, keeps
// history, evaluates health rules and publishes the latest overview to subscribers.
import type { NatsConnection } from "@nats-io/transport-node";
import type { EnvironmentConnection } from "@/lib/nats/connection";
import type { Finding } from "@/lib/dto/findings";
import type { Overview, PollStats, StreamSummary } from "@/lib/dto/overview";
import { FindingTracker } from "@/lib/metrics/finding-tracker";
import { evaluateHealth } from "@/lib/metrics/health-rules";
import { thresholdsFor } from "@/lib/metrics/health-thresholds";
import { type HealthConfig, type HealthThresholds } from "@/lib/config/health-schema";
import { overviewSamples } from "@/lib/metrics/overview-samples";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { StallTracker } from "./stall-tracker";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import { OldestUnprocessedTracker, type DeadLetteredCheck } from "./oldest-unprocessed";
import { pollJetStream } from "./poll-jetstream";
import { SubjectDepthTracker } from "./subject-depths";
import { rateSnapshot, summarizePoll, type AdvisoryDelta, type RateSnapshot } from "./summarize";
import { consumerKey } from "@/lib/core/series-keys";

type Listener = (overview: Overview) => void;

/** Rates (in-rate, ack rate, redelivery rate) are averaged over about this long. */
export const RATE_WINDOW_MS = 30_000;

export type CollectorOptions = {
  intervalMs: number;
  health?: HealthConfig;
  deadLetterStreams?: readonly string[];
  /** Cumulative advisory counts per consumerKey(); the collector reports per-poll deltas. */
  advisoryCounters?: () => ReadonlyMap<string, AdvisoryDelta>;
  isDeadLettered?: DeadLetteredCheck;
  history?: SeriesStore;
  /** Persists closed history buckets after each successful poll (failures only cost persistence, never the poll). */
  persistHistory?: (nc: NatsConnection) => Promise<unknown>;
};

export type PollCost = { requests: number; durationMs: number };

export class Collector {
  readonly history: SeriesStore;
  readonly intervalMs: number;
  private timer?: ReturnType<typeof setInterval>;
  private polling = false;
  private previous?: RateSnapshot;
  /** Recent polls, so rates compare against one about RATE_WINDOW_MS old rather than the noisy last interval. */
  private recent: RateSnapshot[] = [];
  private lastPrune = 0;
  private previousAdvisories?: ReadonlyMap<string, AdvisoryDelta>;
  private streams: StreamSummary[] = [];
  private findings: Finding[] = [];
  private stats: PollStats;
  private readonly listeners = new Set<Listener>();
  private readonly oldest: OldestUnprocessedTracker;
  private readonly depths = new SubjectDepthTracker();
  private readonly stalls = new StallTracker();
  private readonly findingTracker = new FindingTracker();
  private unsubscribeStatus?: () => void;
  private firstPoll?: Promise<void>;

  constructor(
    private readonly connection: EnvironmentConnection,
    private readonly options: CollectorOptions,
  ) {
    this.intervalMs = options.intervalMs;
    this.history = options.history ?? new SeriesStore(defaultTiers(options.intervalMs));
    this.oldest = new OldestUnprocessedTracker(options.isDeadLettered);
    this.stats = {
      polledAt: null,
      durationMs: null,
      requests: null,
      intervalMs: options.intervalMs,
      skippedTicks: 0,
      pollsTotal: 0,
      errorsTotal: 0,
      stale: false,
    };
  }

  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.unsubscribeStatus = this.connection.onStatus((status) => {
      // Poll at once on (re)connect so recovery shows within moments; publish other changes immediately.
      if (status.state === "connected") void this.tick();
      else {
        this.evaluate(Date.now());
        this.publish();
      }
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
      findings: this.findings,
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
      const cost = await this.poll();
      this.stats = {
        ...this.stats,
        polledAt: new Date(this.previous!.at).toISOString(),
        durationMs: Math.round(cost.durationMs * 10) / 10,
        requests: cost.requests,
        pollsTotal: this.stats.pollsTotal + 1,
        stale: false,
        error: undefined,
      };
    } catch (error) {
      // Advance the history clock so the outage shows as a gap, not as a flat line.
      this.history.record(Date.now(), [], []);
      this.stats = {
        ...this.stats,
        pollsTotal: this.stats.pollsTotal + 1,
        errorsTotal: this.stats.errorsTotal + 1,
        stale: true,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      this.polling = false;
    }
    this.evaluate(this.previous?.at ?? Date.now());
    this.publish();
  }

  private async poll(): Promise<PollCost> {
    const nc = this.connection.connection();
    const prefix = this.connection.apiPrefix();
    const started = performance.now();
    const raw = await pollJetStream(nc, prefix);
    const counter: ApiCounter = { requests: raw.requests };
    const consumers = [...raw.consumers.values()].flat();
    const [oldest, subjectDepths] = await Promise.all([
      this.oldest.refresh(nc, prefix, consumers, counter),
      this.depths.refresh(nc, prefix, raw.streams, counter, raw.at),
    ]);
    const stalledPolls = this.stalls.update(consumers);
    const advisories = this.advisoryDeltas();
    const reference =
      this.recent.find((p) => raw.at - p.at <= RATE_WINDOW_MS + this.intervalMs / 2) ?? this.previous;
    this.streams = summarizePoll(raw, {
      previous: reference,
      oldest,
      subjectDepths,
      stalledPolls,
      advisories,
    });
    this.previous = rateSnapshot(raw);
    this.recent = [...this.recent, this.previous].filter(
      (p) => raw.at - p.at <= RATE_WINDOW_MS + this.intervalMs / 2,
    );
    const samples = overviewSamples(this.streams);
    this.history.record(raw.at, samples.keys, samples.values);
    if (raw.at - this.lastPrune > 60_000) {
      this.history.prune(raw.at);
      this.lastPrune = raw.at;
    }
    await this.options
      .persistHistory?.(nc)
      .catch((error) =>
        console.warn(`[collector ${this.connection.env.name}] history not persisted: ${String(error)}`),
      );
    return { requests: counter.requests, durationMs: performance.now() - started };
  }

  private advisoryDeltas(): Map<string, AdvisoryDelta> | undefined {
    const counters = this.options.advisoryCounters?.();
    if (!counters) return undefined;
    const deltas = new Map<string, AdvisoryDelta>();
    for (const [key, now] of counters) {
      const before = this.previousAdvisories?.get(key) ?? { naked: 0, maxDeliveries: 0, terminated: 0 };
      deltas.set(key, {
        naked: now.naked - before.naked,
        maxDeliveries: now.maxDeliveries - before.maxDeliveries,
        terminated: now.terminated - before.terminated,
      });
    }
    this.previousAdvisories = new Map([...counters].map(([k, v]) => [k, { ...v }]));
    return deltas;
  }

  private evaluate(at: number): void {
    const raw = evaluateHealth({
      connection: this.connection.status(),
      streams: this.streams,
      deadLetterStreams: this.options.deadLetterStreams ?? [],
      thresholds: (stream, consumer) => this.thresholds(stream, consumer),
      valueAgo: (key, agoMs) => this.history.valueAt(key, at - agoMs),
    });
    this.findings = this.findingTracker.update(raw, Date.now());
  }

  private readonly thresholdCache = new Map<string, HealthThresholds>();

  /** Thresholds come from static config: resolve each stream/consumer once. */
  private thresholds(stream?: string, consumer?: string): HealthThresholds {
    const key = consumerKey(stream ?? "", consumer ?? "");
    let found = this.thresholdCache.get(key);
    if (!found) {
      found = thresholdsFor(this.options.health, stream, consumer);
      this.thresholdCache.set(key, found);
    }
    return found;
  }

  private publish(): void {
    const overview = this.latest();
    for (const listener of this.listeners) listener(overview);
  }
}
