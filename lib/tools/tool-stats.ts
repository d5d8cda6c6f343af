// Pure, incremental per-tool figures from the tool calls seen: requests, results paired by request id,
// advisories, dead letters, redrives, and each poll's consumer delivery counters (redeliveries, duplicates).
import type { ToolCall, ToolCounts } from "@/lib/dto/tools";
import { emptyCounts, ToolWindow, type CountField } from "./tool-window";
import { DeliveryMarks } from "./delivery-marks";
import { SeqList } from "./seq-list";

/** One request as seen (its first stored copy; a redrive under the same request id moves its start). */
type Call = {
  tool: ToolState;
  stream: string;
  seq: number;
  requestId: string | null;
  conversationId: string | null;
  time: number;
  results: number;
  failed: boolean;
};

export type ToolState = {
  name: string;
  window: ToolWindow;
  total: ToolCounts;
  nakRedeliveries: number;
  /** `stream\0subject` of its requests (few per tool): which consumers serve it. */
  subjects: Set<string>;
  /** Per stream, the sequences of requests not yet delivered to every consumer serving the tool. */
  seqs: Map<string, SeqList>;
  /** Per request stream, how far each poll saw the tool's requests handed to workers. */
  delivered: Map<string, DeliveryMarks>;
  lastSeen: number;
  slowest: ToolCall[];
  failed: ToolCall[];
  deadLetters: Map<string, number>;
  /** Request → result latencies since start in fixed buckets (seconds, LATENCY_BUCKETS), for /metrics. */
  histogram: { counts: Float64Array; sum: number; count: number };
};

/** Upper bounds (seconds) of the /metrics latency histogram; one more bucket holds +Inf. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

export type ConsumerView = {
  stream: string;
  name: string;
  durable: boolean;
  internal: boolean;
  filterSubjects: string[];
  maxDeliver: number;
  deliveredConsumerSeq: number;
  deliveredStreamSeq: number;
};

const RECENT = 10;
const EARLY_RESULTS = 10_000;

export type ToolStatsOptions = {
  windowMinutes: number;
  /** Requests remembered for pairing with results and advisories; the oldest are forgotten first. */
  maxCalls: number;
  maxCallAgeMs: number;
};

/** ≈ 320 bytes a remembered call (ids included): 100,000 calls ≈ 32 MiB, enough for ~1,000 calls/s of 90 s. */
export const DEFAULT_STATS_OPTIONS: ToolStatsOptions = {
  windowMinutes: 5,
  maxCalls: 100_000,
  maxCallAgeMs: 15 * 60_000,
};

export class ToolStats {
  readonly tools = new Map<string, ToolState>();
  private readonly byRequest = new Map<string, Call>();
  /** Results read before their request (the tails run independently): paired when the request arrives. */
  private readonly early = new Map<string, number>();
  private readonly bySeq = new Map<string, Map<number, Call>>();
  /** Calls in arrival order (a ring), so the oldest leave first. */
  private ring: (Call | undefined)[] = [];
  private head = 0;
  private size = 0;
  /** Highest sequence seen per request stream (any subject): the poll's delivered sequence is covered up to here. */
  private readonly streamSeen = new Map<string, number>();
  /** Per consumer: delivery counters at the last accounted poll, and a delta held back one poll. */
  private readonly consumers = new Map<
    string,
    { consumerSeq: number; streamSeq: number; held?: { tool: ToolState; redeliveries: number } }
  >();

  constructor(readonly options: ToolStatsOptions = DEFAULT_STATS_OPTIONS) {}

  private state(name: string): ToolState {
    let tool = this.tools.get(name);
    if (!tool) {
      tool = {
        name,
        window: new ToolWindow(this.options.windowMinutes),
        total: emptyCounts(),
        nakRedeliveries: 0,
        subjects: new Set(),
        seqs: new Map(),
        delivered: new Map(),
        lastSeen: 0,
        slowest: [],
        failed: [],
        deadLetters: new Map(),
        histogram: { counts: new Float64Array(LATENCY_BUCKETS.length + 1), sum: 0, count: 0 },
      };
      this.tools.set(name, tool);
    }
    return tool;
  }

  private bump(tool: ToolState, t: number, field: CountField, n = 1): void {
    tool.total[field] += n;
    tool.window.count(t, field, n);
  }

  /** Every message of a request stream, tool or not: how far the stream has been seen. */
  observeStreamSeq(stream: string, seq: number): void {
    if (seq > (this.streamSeen.get(stream) ?? 0)) this.streamSeen.set(stream, seq);
  }

  observeRequest(r: {
    tool: string;
    stream: string;
    seq: number;
    subject: string;
    time: number;
    requestId: string | null;
    conversationId: string | null;
    redriven: boolean;
  }): void {
    const tool = this.state(r.tool);
    this.observeStreamSeq(r.stream, r.seq);
    const subjectKey = `${r.stream}\0${r.subject}`;
    if (!tool.subjects.has(subjectKey) && tool.subjects.size < 64) tool.subjects.add(subjectKey);
    let seqs = tool.seqs.get(r.stream);
    if (!seqs) tool.seqs.set(r.stream, (seqs = new SeqList()));
    seqs.push(r.seq);
    this.bump(tool, r.time, "requests");
    if (r.redriven) this.bump(tool, r.time, "redriven");
    if (r.time > tool.lastSeen) tool.lastSeen = r.time;
    const known = r.requestId === null ? undefined : this.byRequest.get(r.requestId);
    let call: Call;
    if (known) {
      // The same request again (a redrive, or a publisher's retry): latency counts from the latest attempt.
      call = known;
      call.time = r.time;
      call.stream = r.stream;
      call.seq = r.seq;
      call.failed = false;
    } else {
      call = {
        tool,
        stream: r.stream,
        seq: r.seq,
        requestId: r.requestId,
        conversationId: r.conversationId,
        time: r.time,
        results: 0,
        failed: false,
      };
      this.remember(call, r.time);
      const result = r.requestId === null ? undefined : this.early.get(r.requestId);
      if (result !== undefined) {
        this.early.delete(r.requestId!);
        this.observeResult({ requestId: r.requestId, time: result });
      }
    }
    let streamCalls = this.bySeq.get(r.stream);
    if (!streamCalls) this.bySeq.set(r.stream, (streamCalls = new Map()));
    streamCalls.set(r.seq, call);
  }

  observeResult(r: { requestId: string | null; time: number }): void {
    if (r.requestId === null) return;
    const call = this.byRequest.get(r.requestId);
    if (!call) {
      if (this.early.size >= EARLY_RESULTS) this.early.delete(this.early.keys().next().value!);
      this.early.set(r.requestId, r.time);
      return;
    }
    const tool = call.tool;
    call.results++;
    if (call.results > 1) {
      this.bump(tool, r.time, "extraResults");
      this.recent(tool.failed, this.callView(call, null, "duplicate", `result #${call.results}`), false);
      return;
    }
    this.bump(tool, r.time, "ok");
    const latencyMs = Math.max(0, r.time - call.time);
    // A poll that saw the request still waiting bounds when a worker took it: the service time is at most the rest.
    const waitedUntil = tool.delivered.get(call.stream)?.waitingUntil(call.seq, call.time) ?? null;
    const serviceMs = waitedUntil === null ? latencyMs : Math.max(0, r.time - waitedUntil);
    tool.window.latency(r.time, latencyMs, serviceMs);
    const seconds = latencyMs / 1000;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]!) bucket++;
    tool.histogram.counts[bucket]!++;
    tool.histogram.sum += seconds;
    tool.histogram.count++;
    if (r.time > tool.lastSeen) tool.lastSeen = r.time;
    const slowest = tool.slowest;
    if (slowest.length < RECENT || latencyMs > slowest[slowest.length - 1]!.latencyMs!) {
      slowest.push(this.callView(call, latencyMs, "ok"));
      slowest.sort((a, b) => b.latencyMs! - a.latencyMs!);
      if (slowest.length > RECENT) slowest.pop();
    }
  }

  observeAdvisory(a: {
    kind: "naked" | "terminated" | "max_deliveries";
    stream: string;
    seq: number;
    deliveries: number;
    /** The consumer's max deliveries (−1 or 0 for unlimited), to tell whether a NAK leads to a redelivery. */
    maxDeliver: number;
    time: number;
    reason?: string;
    /** The tool when the sequence is not among the calls seen (the consumer serves one tool). */
    fallbackTool?: string;
  }): void {
    const call = this.bySeq.get(a.stream)?.get(a.seq);
    const tool = call?.tool ?? (a.fallbackTool ? this.state(a.fallbackTool) : undefined);
    if (!tool) return;
    if (a.kind === "naked") {
      this.bump(tool, a.time, "naked");
      if (a.maxDeliver <= 0 || a.deliveries < a.maxDeliver) {
        tool.nakRedeliveries++;
        tool.window.nakRedelivery(a.time);
      }
      return;
    }
    this.bump(tool, a.time, a.kind === "terminated" ? "terminated" : "maxDeliveries");
    if (call) call.failed = true;
    const label =
      a.kind === "terminated"
        ? `terminated after ${a.deliveries} deliveries${a.reason ? `: ${a.reason}` : ""}`
        : `max deliveries reached (${a.deliveries})`;
    const view = call
      ? this.callView(call, null, a.kind === "terminated" ? "terminated" : "maxDeliveries", label)
      : {
          requestId: null,
          conversationId: null,
          stream: a.stream,
          seq: a.seq,
          time: new Date(a.time).toISOString(),
          latencyMs: null,
          outcome: a.kind === "terminated" ? ("terminated" as const) : ("maxDeliveries" as const),
          detail: label,
        };
    this.recent(tool.failed, view, true);
  }

  observeDeadLetter(d: { tool: string; dlqStream: string; time: number }): void {
    const tool = this.state(d.tool);
    this.bump(tool, d.time, "deadLettered");
    tool.deadLetters.set(d.dlqStream, (tool.deadLetters.get(d.dlqStream) ?? 0) + 1);
  }

  /**
   * One poll's consumers: deliveries beyond the first since the previous poll are Δ delivered.consumer_seq minus the
   * tool's requests newly delivered (its sequences in (previous, current] delivered.stream_seq). Counted for
   * consumers that serve exactly one tool, once the request stream has been seen up to the delivered sequence, and
   * held back one poll so a NAK advisory racing its redelivery is counted first.
   */
  observePoll(
    at: number,
    consumers: readonly ConsumerView[],
    toolsOf: (c: ConsumerView) => ToolState[],
  ): void {
    for (const c of consumers) {
      if (!c.durable || c.internal) continue;
      const key = `${c.stream}/${c.name}`;
      const served = toolsOf(c);
      for (const tool of served) {
        let marks = tool.delivered.get(c.stream);
        if (!marks) tool.delivered.set(c.stream, (marks = new DeliveryMarks()));
        marks.mark(at, c.deliveredStreamSeq);
      }
      const known = this.consumers.get(key);
      if (!known) {
        this.consumers.set(key, {
          consumerSeq: c.deliveredConsumerSeq,
          streamSeq: c.deliveredStreamSeq,
        });
        continue;
      }
      if (known.held) this.bump(known.held.tool, at, "redeliveries", known.held.redeliveries);
      known.held = undefined;
      if (c.deliveredConsumerSeq < known.consumerSeq) {
        // Consumer recreated or reset: start over from here.
        known.consumerSeq = c.deliveredConsumerSeq;
        known.streamSeq = c.deliveredStreamSeq;
        continue;
      }
      if (served.length !== 1) {
        known.consumerSeq = c.deliveredConsumerSeq;
        known.streamSeq = c.deliveredStreamSeq;
        continue;
      }
      if ((this.streamSeen.get(c.stream) ?? 0) < c.deliveredStreamSeq) continue; // not seen that far yet
      const tool = served[0]!;
      const seqs = tool.seqs.get(c.stream);
      const first = seqs ? seqs.countIn(known.streamSeq, c.deliveredStreamSeq) : 0;
      const redeliveries = Math.max(0, c.deliveredConsumerSeq - known.consumerSeq - first);
      if (redeliveries > 0) known.held = { tool, redeliveries };
      known.consumerSeq = c.deliveredConsumerSeq;
      known.streamSeq = c.deliveredStreamSeq;
    }
    // Sequences every consumer of the stream has been handed, and accounted for, can go.
    for (const tool of this.tools.values()) {
      for (const [stream, seqs] of tool.seqs) {
        let floor = Number.POSITIVE_INFINITY;
        for (const c of consumers)
          if (c.stream === stream && c.durable && !c.internal && toolsOf(c).includes(tool))
            floor = Math.min(floor, this.consumers.get(`${c.stream}/${c.name}`)?.streamSeq ?? 0);
        if (Number.isFinite(floor)) seqs.dropThrough(floor);
      }
    }
  }

  /** Cumulative counts with the duplicates derived: redeliveries without a NAK plus extra results. */
  totals(tool: ToolState): ToolCounts {
    const t = tool.total;
    return { ...t, duplicates: Math.max(0, t.redeliveries - tool.nakRedeliveries) + t.extraResults };
  }

  /** Calls remembered for pairing (bounded). */
  get callCount(): number {
    return this.size;
  }

  private remember(call: Call, now: number): void {
    if (call.requestId !== null) this.byRequest.set(call.requestId, call);
    const capacity = this.options.maxCalls;
    // Age first, then size: the ring never holds more than maxCalls.
    while (this.size > 0) {
      const oldest = this.ring[this.head]!;
      if (this.size < capacity && oldest.time >= now - this.options.maxCallAgeMs) break;
      this.forget(oldest);
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % Math.max(1, this.ring.length);
      this.size--;
    }
    if (this.ring.length < capacity && this.size === this.ring.length) {
      // Grow (doubling up to the bound), unrolling the ring so the oldest sits at 0.
      const grown: (Call | undefined)[] = [];
      for (let i = 0; i < this.size; i++) grown.push(this.ring[(this.head + i) % this.ring.length]);
      const target = Math.min(capacity, Math.max(1024, this.ring.length * 2));
      while (grown.length < target) grown.push(undefined);
      this.ring = grown;
      this.head = 0;
    }
    this.ring[(this.head + this.size) % this.ring.length] = call;
    this.size++;
  }

  private forget(call: Call): void {
    if (call.requestId !== null && this.byRequest.get(call.requestId) === call)
      this.byRequest.delete(call.requestId);
    const streamCalls = this.bySeq.get(call.stream);
    if (streamCalls?.get(call.seq) === call) streamCalls.delete(call.seq);
  }

  private callView(call: Call, latencyMs: number | null, outcome: ToolCall["outcome"], detail?: string) {
    return {
      requestId: call.requestId,
      conversationId: call.conversationId,
      stream: call.stream,
      seq: call.seq,
      time: new Date(call.time).toISOString(),
      latencyMs: latencyMs === null ? null : Math.round(latencyMs * 1000) / 1000,
      outcome,
      ...(detail ? { detail } : {}),
    } satisfies ToolCall;
  }

  private recent(list: ToolCall[], view: ToolCall, replaceSame: boolean): void {
    if (replaceSame) {
      const at = list.findIndex((c) => c.stream === view.stream && c.seq === view.seq);
      if (at >= 0) list.splice(at, 1);
    }
    list.unshift(view);
    if (list.length > RECENT) list.pop();
  }
}
