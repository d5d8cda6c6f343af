// One per environment: tails the tool requests (through the trace tap for work queues), their results, the
// advisories and the dead letters into ToolStats; after each collector poll, folds in the consumers, records
// history and the tool findings, and tells its listeners.
import "server-only";
import { jetstream, RetentionPolicy, type JsMsg, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ADVISORY_STREAM } from "@/lib/advisories/advisory-stream";
import { advisoryKind, parseAdvisory } from "@/lib/advisories/advisory";
import { isDeadLetterStream } from "@/lib/dto/dead-letter-streams";
import type { Overview } from "@/lib/dto/overview";
import type { ToolCall, ToolDetail, ToolList, ToolSummary } from "@/lib/dto/tools";
import type { IndexSourceStatus } from "@/lib/dto/traces";
import { subjectsOverlap } from "@/lib/core/subjects";
import type { EnvironmentConnection } from "@/lib/nats/connection";
import { keepDiscovering } from "@/lib/nats/rediscover";
import type { OriginHeaderNames } from "@/lib/dlq/entries";
import type { RawFinding } from "@/lib/metrics/health-rules";
import { toolFindings } from "@/lib/metrics/health-rules";
import type { SeriesStore } from "@/lib/metrics/series-store";
import { discloseText } from "@/lib/masking/for-actor";
import type { ToolMetricsSample } from "@/lib/metrics/prometheus";
import { runTail, type TailSource, type TailStart } from "@/lib/traces/index-tail";
import { isTapRepublish, TAP_STREAM, tapSubjectPrefix } from "@/lib/traces/tap-stream";
import type { ToolSettings } from "./settings";
import { ToolFeed } from "./feed-message";
import { DEFAULT_STATS_OPTIONS, LATENCY_BUCKETS, ToolStats } from "./tool-stats";
import { consumerTools, consumerView, summarizeTool, toolConsumers } from "./summarize-tools";
import { toolSamples } from "./tool-series";

const DISCOVER_EVERY_MS = 30_000;

type Listener = (list: ToolList) => void;
type Kind = "requests" | "tap" | "advisories" | "dead_letters";

function headerPairs(msg: JsMsg): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, values] of msg.headers ?? []) for (const value of values) pairs.push([key, value]);
  return pairs;
}

export type ToolMonitorOptions = {
  deadLetterStreams: readonly string[];
  originHeaders: (dlqStream: string) => OriginHeaderNames;
  history: SeriesStore;
  persistHistory?: (nc: NatsConnection) => Promise<unknown>;
};

export class ToolMonitor {
  readonly stats: ToolStats;
  private readonly feed: ToolFeed;
  readonly startedAt = new Date();
  private readonly sources = new Map<string, IndexSourceStatus>();
  /** Consumer key → the tools it serves, from the last poll. */
  private served = new Map<string, string[]>();
  private readonly running = new Set<string>();
  /** Per tail: the last stream sequence handled, so a restarted tail neither skips nor repeats. */
  private readonly lastSeq = new Map<string, number>();
  private overview?: Overview;
  private summaries: ToolSummary[] = [];
  private findings: RawFinding[] = [];
  private readonly listeners = new Set<Listener>();
  private stopped = false;
  private stopDiscovering?: () => void;

  constructor(
    private readonly connection: EnvironmentConnection,
    readonly settings: ToolSettings,
    private readonly options: ToolMonitorOptions,
  ) {
    this.stats = new ToolStats({ ...DEFAULT_STATS_OPTIONS, windowMinutes: settings.windowMinutes });
    this.feed = new ToolFeed(this.stats, settings, options.originHeaders);
  }

  get history(): SeriesStore {
    return this.options.history;
  }

  start(): this {
    this.stopDiscovering ??= keepDiscovering(this.connection, () => this.discover(), DISCOVER_EVERY_MS);
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.stopDiscovering?.();
    this.listeners.clear();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The tool findings of the last poll (the collector adds them to the health rules' findings). */
  currentFindings(): RawFinding[] {
    return this.findings;
  }

  latest(): ToolList {
    return {
      environment: this.connection.env.name,
      windowMinutes: this.settings.windowMinutes,
      since: this.startedAt.toISOString(),
      tools: this.summaries,
      total: this.summaries.length,
      sources: [...this.sources.values()].map((s) => ({
        stream: s.stream,
        via: s.via,
        state: s.state,
        ...(s.note ? { note: s.note } : {}),
      })),
    };
  }

  detail(name: string): ToolDetail | null {
    const tool = this.stats.tools.get(name);
    const summary = this.summaries.find((s) => s.tool === name);
    if (!tool || !summary) return null;
    const streams = this.overview?.streams ?? [];
    const served = consumerTools(this.stats, streams);
    return {
      environment: this.connection.env.name,
      windowMinutes: this.settings.windowMinutes,
      summary,
      requestSubjects: [...tool.subjects].slice(0, 8).map((key) => {
        const [stream, subject] = key.split("\0") as [string, string];
        return { stream, subject };
      }),
      consumers: toolConsumers(tool, streams, served).map(({ summary: c, shared }) =>
        consumerView(c, shared),
      ),
      slowest: tool.slowest.map(discloseCall),
      failed: tool.failed.map(discloseCall),
      deadLetters: [...tool.deadLetters].map(([stream, count]) => ({ stream, count })),
    };
  }

  /** Counters since start and the latency histogram of every tool, for /metrics. */
  metricsSamples(): ToolMetricsSample[] {
    const environment = this.connection.env.name;
    return [...this.stats.tools.values()].map((tool) => {
      const t = this.stats.totals(tool);
      return {
        environment,
        tool: tool.name,
        outcomes: {
          ok: t.ok,
          nak: t.naked,
          terminated: t.terminated,
          max_deliveries: t.maxDeliveries,
          dead_lettered: t.deadLettered,
          redriven: t.redriven,
          duplicate_execution: t.duplicates,
        },
        redeliveries: t.redeliveries,
        latency: { bounds: LATENCY_BUCKETS, ...tool.histogram },
      };
    });
  }

  /** Called after each collector poll: consumers in, figures, history and findings out. */
  onPoll(overview: Overview, now = Date.now()): void {
    this.overview = overview;
    const streams = overview.streams;
    const served = consumerTools(this.stats, streams);
    this.served = new Map([...served].map(([key, tools]) => [key, tools.map((t) => t.name)]));
    if (!overview.poll.stale) {
      const consumers = streams.flatMap((s) => s.consumers);
      this.stats.observePoll(now, consumers, (c) => served.get(`${c.stream}/${c.name}`) ?? []);
    }
    this.summaries = [...this.stats.tools.values()]
      .map((tool) => summarizeTool(this.stats, tool, toolConsumers(tool, streams, served), now))
      .sort((a, b) => a.tool.localeCompare(b.tool));
    const samples = toolSamples(this.summaries, this.settings.windowMinutes);
    this.options.history.record(now, samples.keys, samples.values);
    this.findings = toolFindings(this.summaries, this.settings);
    if (!overview.poll.stale) {
      try {
        const nc = this.connection.connection();
        void this.options.persistHistory?.(nc).catch(() => undefined);
      } catch {
        // NATS down: persisted at a later poll.
      }
    }
    const list = this.latest();
    for (const listener of this.listeners) listener(list);
  }

  /** Finds the streams to tail and starts what is not yet running. */
  async discover(): Promise<void> {
    if (this.stopped) return;
    let infos: StreamInfo[];
    try {
      const jsm = await this.connection.manager();
      infos = [];
      for await (const info of jsm.streams.list()) infos.push(info);
    } catch {
      return; // NATS down: the next discovery or reconnect tries again
    }
    const patterns = [...this.settings.rules.map((r) => r.subjects), ...this.settings.resultSubjects];
    for (const info of infos) {
      const name = info.config.name;
      if (name === TAP_STREAM) continue;
      if (name === ADVISORY_STREAM) {
        this.startTail("advisories", { stream: name, filter: ">", headersOnly: false, label: name });
        continue;
      }
      if (isDeadLetterStream(name, this.options.deadLetterStreams)) {
        this.startTail("dead_letters", { stream: name, filter: ">", headersOnly: true, label: name });
        continue;
      }
      const subjects = info.config.subjects ?? [];
      const carries = patterns.some(
        (p) =>
          subjects.some((s) => subjectsOverlap(s, p)) || this.settings.rules.some((r) => r.stream === name),
      );
      if (!carries) continue;
      if (info.config.retention === RetentionPolicy.Workqueue) {
        if (isTapRepublish(name, info.config.republish))
          this.startTail("tap", {
            stream: TAP_STREAM,
            filter: `${tapSubjectPrefix(name)}.>`,
            headersOnly: true,
            label: name,
          });
        else
          this.sources.set(`requests:${name}`, {
            stream: name,
            via: "trace tap",
            state: "unavailable",
            indexed: 0,
            pending: 0,
            note: "work-queue stream without the trace tap: its acknowledged requests cannot be seen (see README, Conversation traces)",
          });
        continue;
      }
      const needsPayload = this.settings.rules.some((r) => "jsonField" in r.tool);
      this.startTail("requests", { stream: name, filter: ">", headersOnly: !needsPayload, label: name });
    }
  }

  private startTail(
    kind: Kind,
    source: { stream: string; filter: string; headersOnly: boolean; label: string },
  ): void {
    const key = `${kind}:${source.label}`;
    if (this.running.has(key) || this.stopped) return;
    let nc: NatsConnection;
    try {
      nc = this.connection.connection();
    } catch {
      return;
    }
    const via =
      kind === "tap"
        ? `trace tap (${TAP_STREAM})`
        : kind === "requests"
          ? "headers-only tail"
          : kind.replace("_", " ");
    const status: IndexSourceStatus = {
      stream: source.label,
      via,
      state: "building",
      indexed: 0,
      pending: 0,
    };
    this.sources.set(key, status);
    this.running.add(key);
    const last = this.lastSeq.get(key);
    const start: TailStart = last === undefined ? { time: this.startedAt } : { seq: last + 1 };
    const tail: TailSource = { key, via, ...source };
    const handle = (msg: JsMsg) => {
      const seq = msg.info.streamSequence;
      if (seq <= (this.lastSeq.get(key) ?? 0)) return;
      this.lastSeq.set(key, seq);
      this.onMessage(kind, source, msg);
    };
    runTail(jetstream(nc), tail, start, status, handle, () => this.stopped)
      .catch((error: unknown) => {
        status.state = "unavailable";
        status.note = error instanceof Error ? error.message : String(error);
      })
      .finally(() => this.running.delete(key));
  }

  private onMessage(kind: Kind, source: { stream: string; label: string }, msg: JsMsg): void {
    if (kind === "advisories") return this.onAdvisory(msg);
    this.feed.feed({
      kind,
      stream: source.stream,
      label: source.label,
      seq: msg.info.streamSequence,
      subject: msg.subject,
      headers: headerPairs(msg),
      time: msg.info.timestampNanos / 1e6,
      payload: msg.data.length ? msg.data : null,
    });
  }

  private onAdvisory(msg: JsMsg): void {
    const advisory = parseAdvisory(msg.string());
    if (!advisory) return;
    const summary = this.overview?.streams
      .find((s) => s.name === advisory.stream)
      ?.consumers.find((c) => c.name === advisory.consumer);
    const served = this.served.get(`${advisory.stream}/${advisory.consumer}`) ?? [];
    this.stats.observeAdvisory({
      kind: advisoryKind(advisory),
      stream: advisory.stream,
      seq: advisory.stream_seq,
      deliveries: advisory.deliveries,
      maxDeliver: summary?.maxDeliver ?? -1,
      time: Date.parse(advisory.timestamp) || msg.info.timestampNanos / 1e6,
      reason: "reason" in advisory ? advisory.reason : undefined,
      fallbackTool: served.length === 1 ? served[0] : undefined,
    });
  }
}

/** A call as the page shows it: its detail (a terminated message's reason, free text from the worker) masked. */
function discloseCall(call: ToolCall): ToolCall {
  return call.detail === undefined ? { ...call } : { ...call, detail: discloseText(call.detail) ?? "" };
}
