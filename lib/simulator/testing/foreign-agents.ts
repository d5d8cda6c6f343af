// A second agent layout, written by "someone else": the legacy `nats` v2 client (not the project's @nats-io/*),
// its own header names (X-Conversation, X-Call-Id), a JSON-keyed event stream, an application DLQ with its own
// origin headers (Original-Subject, Original-Stream, Original-Sequence, Failure-Reason), one work-queue stream with
// the trace tap (WORK) and one without (JOBS). Tests and the foreign-layout e2e walk run it; it is not the demo.
import {
  AckPolicy,
  connect,
  headers,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
} from "nats";

export const FOREIGN = {
  streams: { work: "WORK", jobs: "JOBS", results: "RESULTS", chat: "CHAT", events: "EVENTS", dlq: "APP_DLQ" },
  consumers: { dbWrite: "db-writers", search: "searchers", summarize: "summarizers" },
  headers: { conversation: "X-Conversation", call: "X-Call-Id" },
  dlqHeaders: {
    stream: "Original-Stream",
    subject: "Original-Subject",
    seq: "Original-Sequence",
    reason: "Failure-Reason",
  },
} as const;

const TAP = { dest: `switchyard.tap.${FOREIGN.streams.work}.>`, tapStream: "SWITCHYARD_TRACE_TAP" };

/** What Switchyard needs to be told about this layout (the config file's `traces` and `deadLetterHeaders`). */
export const FOREIGN_SETTINGS = {
  traces: {
    keyRules: [
      { subjects: "conversations.*.messages", key: { subjectToken: 2 }, role: "conversation" as const },
      { subjects: "tools.result.*", key: { subjectToken: 3 }, role: "result" as const },
      {
        subjects: "tools.execute.*",
        key: { header: [FOREIGN.headers.conversation] },
        tool: { subjectToken: 3 },
        role: "request" as const,
      },
      { subjects: "agent.events.*", key: { jsonField: "conversation" }, role: "other" as const },
      {
        subjects: "jobs.*",
        key: { header: [FOREIGN.headers.conversation] },
        tool: { subjectToken: 2 },
        role: "request" as const,
      },
    ],
    requestIdHeaders: [FOREIGN.headers.call],
  },
  deadLetterStreams: [FOREIGN.streams.dlq],
  deadLetterHeaders: { [FOREIGN.streams.dlq]: FOREIGN.dlqHeaders },
};

/** What one conversation asks for. `db_write` with `flaky` fails until it is redriven; `search` with `hang` never acks. */
export type ForeignCall = { tool: "db_write" | "search"; flaky?: boolean; hang?: boolean; job?: boolean };

const enc = new TextEncoder();
const json = (value: unknown) => enc.encode(JSON.stringify(value));

async function waitForStream(nc: NatsConnection, name: string, timeoutMs: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await jsm.streams.info(name);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export class ForeignAgents {
  private readonly loops: ConsumerMessages[] = [];
  private calls = 0;

  private constructor(
    readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly ackWaitMs: number,
  ) {}

  /**
   * Connects, creates the layout (after Switchyard made its trace tap stream: WORK republishes into it) and starts
   * the workers. `maxDeliver`/`ackWaitMs` make the `hang` calls run out of deliveries quickly.
   */
  static async start(
    url: string,
    options: { ackWaitMs?: number; maxDeliver?: number; tapWaitMs?: number } = {},
  ): Promise<ForeignAgents> {
    const nc = await connect({ servers: url, maxReconnectAttempts: -1 });
    const agents = new ForeignAgents(nc, nc.jetstream(), options.ackWaitMs ?? 1000);
    await waitForStream(nc, TAP.tapStream, options.tapWaitMs ?? 30_000);
    await agents.provision(options.maxDeliver ?? 2);
    await agents.startWorkers();
    return agents;
  }

  private async provision(maxDeliver: number): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const { streams, consumers } = FOREIGN;
    const add = async (config: Parameters<typeof jsm.streams.add>[0]) => {
      try {
        await jsm.streams.info(config.name!);
      } catch {
        await jsm.streams.add(config);
      }
    };
    const hour = nanos(60 * 60 * 1000);
    await add({
      name: streams.work,
      subjects: ["tools.execute.*"],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.Memory,
      max_age: 24 * hour,
      republish: { src: ">", dest: TAP.dest, headers_only: true },
    });
    await add({
      name: streams.jobs,
      subjects: ["jobs.*"],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.Memory,
    });
    await add({ name: streams.results, subjects: ["tools.result.*"], storage: StorageType.Memory });
    await add({ name: streams.chat, subjects: ["conversations.*.messages"], storage: StorageType.Memory });
    await add({ name: streams.events, subjects: ["agent.events.*"], storage: StorageType.Memory });
    await add({ name: streams.dlq, subjects: ["failed.>"], storage: StorageType.Memory });
    const consumer = (durable: string, filter: string) =>
      jsm.consumers.add(streams.work, {
        durable_name: durable,
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(this.ackWaitMs),
        max_deliver: maxDeliver,
      });
    await consumer(consumers.dbWrite, "tools.execute.db_write");
    await consumer(consumers.search, "tools.execute.search");
    // Nobody works JOBS: its messages stay stored (what a work queue without the tap still shows).
    await jsm.consumers.add(streams.jobs, {
      durable_name: consumers.summarize,
      ack_policy: AckPolicy.Explicit,
    });
  }

  private async startWorkers(): Promise<void> {
    for (const durable of [FOREIGN.consumers.dbWrite, FOREIGN.consumers.search]) {
      const consumer = await this.js.consumers.get(FOREIGN.streams.work, durable);
      const messages = await consumer.consume({ max_messages: 16 });
      this.loops.push(messages);
      void (async () => {
        for await (const msg of messages) await this.handle(msg).catch(() => msg.nak());
      })();
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const call = msg.json<{ conversation: string; args: ForeignCall }>();
    const tool = msg.subject.split(".")[2]!;
    const h = msg.headers;
    if (call.args.hang) return; // never acked: runs out of deliveries, Switchyard captures it
    if (call.args.flaky && !h?.get("X-Redrive-Count")) {
      // The application's own dead letter: its origin in its own header names, then the original is terminated.
      const dl = headers();
      for (const [name, values] of h ?? [])
        if (!/^nats-/i.test(name)) for (const v of values) dl.append(name, v);
      dl.set(FOREIGN.dlqHeaders.stream, msg.info.stream);
      dl.set(FOREIGN.dlqHeaders.subject, msg.subject);
      dl.set(FOREIGN.dlqHeaders.seq, String(msg.seq));
      dl.set(FOREIGN.dlqHeaders.reason, `${tool}: primary unavailable after 3 attempts`);
      await this.js.publish(`failed.${msg.subject}`, msg.data, { headers: dl });
      msg.term();
      return;
    }
    const result = headers();
    result.set(FOREIGN.headers.call, h?.get(FOREIGN.headers.call) ?? "");
    await this.js.publish(`tools.result.${call.conversation}`, json({ ok: true, tool, rows: 1 }), {
      headers: result,
    });
    await this.js.publish(
      `conversations.${call.conversation}.messages`,
      json({ role: "assistant", text: `${tool} done` }),
    );
    msg.ack();
  }

  /** One conversation: a user message, an event (JSON-keyed), the tool call, and optionally a job nobody works. */
  async converse(conversation: string, call: ForeignCall): Promise<{ callId: string }> {
    const callId = `call-${++this.calls}-${conversation}`;
    await this.js.publish(`conversations.${conversation}.messages`, json({ role: "user", text: "please" }));
    await this.js.publish(`agent.events.step`, json({ conversation, tool: call.tool, step: "plan" }));
    const h = headers();
    h.set(FOREIGN.headers.conversation, conversation);
    h.set(FOREIGN.headers.call, callId);
    await this.js.publish(`tools.execute.${call.tool}`, json({ conversation, args: call }), { headers: h });
    if (call.job) {
      const jh = headers();
      jh.set(FOREIGN.headers.conversation, conversation);
      jh.set(FOREIGN.headers.call, `${callId}-job`);
      await this.js.publish("jobs.summarize", json({ conversation }), { headers: jh });
    }
    return { callId };
  }

  async stop(): Promise<void> {
    for (const loop of this.loops) loop.stop();
    await this.nc.drain().catch(() => undefined);
  }
}
