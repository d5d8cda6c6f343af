// One pool of tool workers: durable pull consumer, idempotent results, and every failure mode the demo shows.
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import { deadLetterMsgId, DLQ_HEADERS, HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { decideAttempt } from "./outcome";
import { runPullLoop } from "./pull-loop";
import type { SimulatorStats } from "./stats";
import { Switch } from "./switch";
import { CONSUMERS, STREAMS, SUBJECTS } from "./topology";
import type { ToolProfile } from "./tool-profiles";

export type ToolRequest = {
  request_id: string;
  conversation_id: string;
  tool: string;
  args: Record<string, unknown>;
};

export type PoolOptions = {
  seed: number;
  tool: ToolProfile;
  workers: number;
  timeScale: number;
  transientNakDelayMs: number;
  stats: SimulatorStats;
  /** Every attempt takes this long (ms, not time-scaled): the slow-tool knob. */
  fixedLatencyMs?: number;
};

export class ToolWorkerPool {
  readonly switch = new Switch();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: PoolOptions,
  ) {}

  async start(): Promise<void> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(
      STREAMS.toolRequests,
      CONSUMERS.toolWorkers(this.options.tool.name),
    );
    const control = {
      running: () => !this.switch.stopped,
      enabled: () => this.switch.enabled,
      waitForChange: () => this.switch.changed(),
    };
    for (let i = 0; i < this.options.workers; i++)
      this.loops.push(runPullLoop(consumer, (msg) => this.handle(msg), control));
  }

  async stop(): Promise<void> {
    this.switch.stop();
    await Promise.all(this.loops);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const { seed, tool, timeScale, stats } = this.options;
    const request = msg.json<ToolRequest>();
    const delivery = msg.info.deliveryCount;
    const redriven = Boolean(msg.headers?.get(REDRIVE_HEADERS.count));
    const attempt = decideAttempt(seed, tool, request.request_id, delivery, redriven);
    const latencyMs = this.options.fixedLatencyMs ?? Math.max(1, Math.round(attempt.latencyMs * timeScale));
    const finished = await this.switch.sleep(latencyMs);
    if (!finished) return; // stopping mid-task: like a crash, redelivered later
    stats.count(tool.name, attempt.outcome);
    switch (attempt.outcome) {
      case "success":
        await this.publishResult(msg, request);
        msg.ack();
        return;
      case "transient":
      case "poison":
        msg.nak(this.options.transientNakDelayMs);
        return;
      case "crash":
        return;
      case "permanent":
        await this.deadLetter(msg, request, "permanent error: tool rejected the arguments");
        // No reason text: nats-server 2.9 ignores "+TERM <reason>", which would leave the message pending.
        msg.term();
        return;
    }
  }

  private async publishResult(msg: JsMsg, request: ToolRequest): Promise<void> {
    const h = headers();
    h.set(HEADERS.conversationId, request.conversation_id);
    h.set(HEADERS.requestId, request.request_id);
    h.set(HEADERS.tool, request.tool);
    const traceparent = msg.headers?.get(HEADERS.traceparent);
    if (traceparent) h.set(HEADERS.traceparent, traceparent);
    const body = {
      request_id: request.request_id,
      conversation_id: request.conversation_id,
      tool: request.tool,
      ok: true,
      result: { summary: `${request.tool} finished` },
    };
    // Idempotent: a redelivered request publishes the same Nats-Msg-Id, which the stream de-duplicates.
    await jetstream(this.nc).publish(SUBJECTS.toolResult(request.conversation_id), JSON.stringify(body), {
      msgID: `result:${request.request_id}`,
      headers: h,
      expect: { streamName: STREAMS.toolResults },
    });
  }

  private async deadLetter(msg: JsMsg, request: ToolRequest, reason: string): Promise<void> {
    const h = headers();
    for (const [key, values] of msg.headers ?? []) {
      if (key.toLowerCase().startsWith("nats-")) continue;
      for (const value of values) h.append(key, value);
    }
    h.set(DLQ_HEADERS.stream, STREAMS.toolRequests);
    h.set(DLQ_HEADERS.subject, msg.subject);
    h.set(DLQ_HEADERS.seq, String(msg.info.streamSequence));
    h.set(DLQ_HEADERS.consumer, CONSUMERS.toolWorkers(request.tool));
    h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
    h.set(DLQ_HEADERS.reason, reason);
    h.set(DLQ_HEADERS.time, new Date().toISOString());
    await jetstream(this.nc).publish(SUBJECTS.deadLetter(msg.subject), msg.data, {
      msgID: deadLetterMsgId(STREAMS.toolRequests, msg.info.streamSequence),
      headers: h,
      expect: { streamName: STREAMS.deadLetters },
    });
  }
}
