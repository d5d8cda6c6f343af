// One poll loop per environment: polls on an interval (never overlapping, stretched when polls are slow),
// derives figures, keeps history, evaluates health rules and publishes the latest overview to subscribers.
import type { NatsConnection } from "@nats-io/transport-node";
import type { EnvironmentConnection } from "@/lib/nats/connection";
import type { Finding } from "@/lib/dto/findings";
import type { Overview, PollStats, StreamSummary } from "@/lib/dto/overview";
import { FindingTracker } from "@/lib/metrics/finding-tracker";
import { SharedFindingState } from "@/lib/metrics/shared-findings";
import { evaluateHealth } from "@/lib/metrics/health-rules";
import { extraFindings } from "@/lib/metrics/finding-sources";
import { thresholdResolver } from "@/lib/metrics/health-thresholds";
import type { HealthConfig } from "@/lib/config/health-schema";
import { overviewSamples } from "@/lib/metrics/overview-samples";
import { defaultTiers, SeriesStore } from "@/lib/metrics/series-store";
import { StallTracker } from "./stall-tracker";
import type { ApiCounter } from "@/lib/nats/jetstream-api";
import { requestYielder } from "@/lib/core/request-priority";
import { OldestUnprocessedTracker, type DeadLetteredCheck } from "./oldest-unprocessed";
import { pollJetStream } from "./poll-jetstream";
import { SubjectDepthTracker } from "./subject-depths";
import { rateSnapshot, summarizePoll, type AdvisoryDelta, type RateSnapshot } from "./summarize";

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

/**
 * What a poll may wait, in total, for requests being answered between its steps: on a large estate each step costs
 * tens to hundreds of milliseconds, and run back to back they held requests for seconds; a request that arrives now
 * waits for the step in progress only.
 */
const YIELD_BUDGET_MS = 500;

export type PollCost = { requests: number; durationMs: number; deriveMs: number };

/** A poll may use at most this share of the interval; slower polls stretch the interval to keep to it. */
export const POLL_SHARE = 1 / 3;

/** The delay until the next poll: the configured interval, or 3× the last poll when that is longer. */
export function nextDelay(intervalMs: number, lastPollMs: number | null): number {
  if (lastPollMs === null || lastPollMs <= intervalMs * POLL_SHARE) return intervalMs;
  return Math.ceil(lastPollMs / POLL_SHARE);
}

export class Collector {
  readonly history: SeriesStore;
  readonly intervalMs: number;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private polling = false;
  private persisting = false;
  private snapshot?: Overview;
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
  private readonly findingTracker: FindingTracker;
  /** Thresholds come from static config: resolved once per override, one shared object for everything else. */
  private readonly thresholds: ReturnType<typeof thresholdResolver>;
  private unsubscribeStatus?: () => void;
  private firstPoll?: Promise<void>;
  /** The pause between a poll's steps and listeners; a new budget for every tick. */
  private nextTurn = requestYielder(YIELD_BUDGET_MS);

  constructor(
    private readonly connection: EnvironmentConnection,
    private readonly options: CollectorOptions,
  ) {
    this.intervalMs = options.intervalMs;
    this.history = options.history ?? new SeriesStore(defaultTiers(options.intervalMs));
    this.oldest = new OldestUnprocessedTracker(options.isDeadLettered);
    this.thresholds = thresholdResolver(options.health);
    // `since` of each finding is shared through JetStream: the same on every replica and after a restart.
    this.findingTracker = new FindingTracker(
      new SharedFindingState(() => connection.connection(), connection.env.name),
    );
    this.stats = {
      polledAt: null,
      durationMs: null,
      requests: null,
      intervalMs: options.intervalMs,
      effectiveIntervalMs: options.intervalMs,
      skippedTicks: 0,
      pollsTotal: 0,
      errorsTotal: 0,
      stale: false,
    };
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.unsubscribeStatus = this.connection.onStatus((status) => {
      // Poll at once on (re)connect so recovery shows within moments; publish other changes immediately.
      if (status.state === "connected") void this.tick();
      else {
        this.evaluate(Date.now());
        void this.publish();
      }
    });
    this.firstPoll = this.tick();
    this.schedule();
    return this;
  }

  /** The next tick after the (possibly stretched) interval, so a slow poll never queues the next one behind it. */
  private schedule(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const delay = this.stats.effectiveIntervalMs ?? this.intervalMs;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, delay);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribeStatus?.();
    this.listeners.clear();
  }

  /** Resolves once the first poll after start has finished (successfully or not). */
  ready(): Promise<void> {
    return this.firstPoll ?? Promise.resolve();
  }

  /**
   * The latest overview, one object per publish (so per-poll views of it are built once and shared by every tab);
   * rebuilt early only when the connection state changed since.
   */
  latest(): Overview {
    const connection = this.connection.status();
    const current = this.snapshot;
    if (
      current &&
      current.connection.state === connection.state &&
      current.connection.since === connection.since
    )
      return current;
    this.snapshot = {
      environment: this.connection.env.name,
      connection,
      poll: { ...this.stats },
      streams: this.streams,
      findings: this.findings,
    };
    return this.snapshot;
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
    this.nextTurn = requestYielder(YIELD_BUDGET_MS);
    try {
      const cost = await this.poll();
      this.stats = {
        ...this.stats,
        polledAt: new Date(this.previous!.at).toISOString(),
        durationMs: Math.round(cost.durationMs * 10) / 10,
        deriveMs: Math.round(cost.deriveMs * 10) / 10,
        requests: cost.requests,
        effectiveIntervalMs: nextDelay(this.intervalMs, cost.durationMs),
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
    await this.nextTurn();
    this.evaluate(this.previous?.at ?? Date.now());
    await this.publish();
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
    // The requests are done: what follows (derivations, history, persistence) is timed apart from them.
    const requested = performance.now();
    await this.nextTurn();
    const stalledPolls = this.stalls.update(consumers);
    const advisories = this.advisoryDeltas();
    const reference =
      this.recent.find((p) => raw.at - p.at <= RATE_WINDOW_MS + this.intervalMs / 2) ?? this.previous;
    this.streams = await summarizePoll(
      raw,
      { previous: reference, oldest, subjectDepths, stalledPolls, advisories },
      this.nextTurn,
    );
    this.previous = rateSnapshot(raw, this.previous);
    this.recent = [...this.recent, this.previous].filter(
      (p) => raw.at - p.at <= RATE_WINDOW_MS + this.intervalMs / 2,
    );
    await this.nextTurn();
    const samples = overviewSamples(this.streams);
    this.history.record(raw.at, samples.keys, samples.values);
    if (raw.at - this.lastPrune > 60_000) {
      this.history.prune(raw.at);
      this.lastPrune = raw.at;
    }
    this.persistInBackground(nc);
    return {
      requests: counter.requests,
      durationMs: requested - started,
      deriveMs: performance.now() - requested,
    };
  }

  /** Persisting closed history buckets never holds up a poll; one persistence runs at a time. */
  private persistInBackground(nc: NatsConnection): void {
    if (!this.options.persistHistory || this.persisting) return;
    this.persisting = true;
    this.options
      .persistHistory(nc)
      .catch((error) =>
        console.warn(`[collector ${this.connection.env.name}] history not persisted: ${String(error)}`),
      )
      .finally(() => (this.persisting = false));
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
      thresholds: this.thresholds,
      valueAgo: (key, agoMs) => this.history.valueAt(key, at - agoMs),
    });
    // Findings from outside the poll (Switchyard's own services, the tool monitor) join the same tracker.
    raw.push(...extraFindings(this.connection.env.name));
    this.findings = this.findingTracker.update(raw, Date.now());
  }

  /** Hands the overview to each listener in a turn of its own, so requests are answered between them. */
  private async publish(): Promise<void> {
    this.snapshot = undefined;
    const overview = this.latest();
    for (const listener of [...this.listeners]) {
      listener(overview);
      await this.nextTurn();
    }
  }
}
