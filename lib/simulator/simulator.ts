// The simulated agent system: provisions its streams, runs agents and tool pools, and takes control commands.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { z } from "zod";
import { runPullLoop } from "./pull-loop";
import { SimulatorStats } from "./stats";
import { Switch } from "./switch";
import { CONSUMERS, provisionTopology, STREAMS } from "./topology";
import { DEFAULT_TOOLS, type FailureOdds, type ToolProfile } from "./tool-profiles";
import { ToolWorkerPool } from "./tool-worker-pool";
import { TriageAgent } from "./triage-agent";

export const CONTROL_SUBJECT = "switchyard.sim.control";

export type SimulatorOptions = {
  /** Same seed → same conversations, tools, arguments and failures. */
  seed: number;
  /** New conversations per minute; 0 publishes none on its own (tests call startConversation). */
  conversationsPerMinute: number;
  /** Stop opening conversations after this many. */
  maxConversations?: number;
  tools: ToolProfile[];
  /** Replace every tool's failure odds (e.g. NO_FAILURES for a clean run). */
  failures?: FailureOdds;
  workersPerTool: number;
  ackWaitMs: number;
  maxDeliver: number;
  /** Multiplies every tool latency: 0.01 makes a 30 s timeout 300 ms. */
  timeScale: number;
  transientNakDelayMs: number;
  storage: "file" | "memory";
  /** Tool pools that start switched off (an outage from the first moment). */
  poolsOff?: string[];
  /**
   * One tool whose every attempt runs `ackWaitShare` × ackWaitMs (default 1.5; not time-scaled): past its ack
   * wait, so the server delivers it again while the first worker still runs it (a duplicate execution).
   */
  slowTool?: { tool: string; ackWaitShare?: number };
};

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  seed: 42,
  conversationsPerMinute: 40,
  tools: DEFAULT_TOOLS,
  workersPerTool: 4,
  ackWaitMs: 30_000,
  maxDeliver: 5,
  timeScale: 1,
  transientNakDelayMs: 2000,
  storage: "file",
};

const controlSchema = z.union([
  z.object({ pool: z.string(), enabled: z.boolean() }),
  z.object({ status: z.literal(true) }),
]);

export class Simulator {
  readonly stats = new SimulatorStats();
  readonly options: SimulatorOptions;
  private readonly pools = new Map<string, ToolWorkerPool>();
  private readonly agent: TriageAgent;
  private readonly running = new Switch();
  private memoryWriter?: Promise<void>;
  private publisher?: Promise<void>;
  private control?: Subscription;
  private nextIndex = 0;

  constructor(
    private readonly nc: NatsConnection,
    options: Partial<SimulatorOptions> = {},
  ) {
    this.options = { ...DEFAULT_SIMULATOR_OPTIONS, ...options };
    if (this.options.failures)
      this.options.tools = this.options.tools.map((t) => ({ ...t, failures: this.options.failures! }));
    this.agent = new TriageAgent(nc, {
      seed: this.options.seed,
      tools: this.options.tools.map((t) => t.name),
      stats: this.stats,
    });
  }

  static async start(nc: NatsConnection, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
    const simulator = new Simulator(nc, options);
    await simulator.startAll();
    return simulator;
  }

  get toolNames(): string[] {
    return this.options.tools.map((t) => t.name);
  }

  /** Switches one tool's worker pool on or off (an outage: its backlog grows, its consumer goes idle). */
  setPoolEnabled(tool: string, enabled: boolean): void {
    const pool = this.pools.get(tool);
    if (!pool)
      throw new Error(`unknown tool pool ${JSON.stringify(tool)}; known: ${this.toolNames.join(", ")}`);
    pool.switch.set(enabled);
  }

  poolEnabled(tool: string): boolean {
    return this.pools.get(tool)?.switch.enabled ?? false;
  }

  /** Opens the next conversation of the seeded sequence now. */
  startConversation() {
    return this.agent.startConversation(this.nextIndex++);
  }

  async stop(): Promise<void> {
    this.running.stop();
    this.control?.unsubscribe();
    await this.publisher;
    await Promise.all([...this.pools.values()].map((p) => p.stop()));
    await this.agent.stop();
    await this.memoryWriter;
  }

  private async startAll(): Promise<void> {
    const o = this.options;
    await provisionTopology(await jetstreamManager(this.nc), {
      tools: o.tools,
      ackWaitMs: o.ackWaitMs,
      maxDeliver: o.maxDeliver,
      storage: o.storage,
    });
    for (const tool of o.tools) {
      const pool = new ToolWorkerPool(this.nc, {
        seed: o.seed,
        tool,
        workers: o.workersPerTool,
        timeScale: o.timeScale,
        transientNakDelayMs: o.transientNakDelayMs,
        stats: this.stats,
        fixedLatencyMs:
          o.slowTool?.tool === tool.name
            ? Math.round(o.ackWaitMs * (o.slowTool.ackWaitShare ?? 1.5))
            : undefined,
      });
      if (o.poolsOff?.includes(tool.name)) pool.switch.set(false);
      await pool.start();
      this.pools.set(tool.name, pool);
    }
    await this.agent.start();
    const memory = await jetstream(this.nc).consumers.get(STREAMS.conversations, CONSUMERS.memoryWriter);
    this.memoryWriter = runPullLoop(memory, async (msg) => msg.ack(), {
      running: () => !this.running.stopped,
      enabled: () => true,
      waitForChange: () => this.running.changed(),
    });
    this.listenForControl();
    if (o.conversationsPerMinute > 0) this.publisher = this.publishLoop(60_000 / o.conversationsPerMinute);
  }

  private async publishLoop(everyMs: number): Promise<void> {
    while (
      !this.running.stopped &&
      (this.options.maxConversations === undefined || this.nextIndex < this.options.maxConversations)
    ) {
      try {
        await this.startConversation();
      } catch {
        // NATS briefly unavailable: the next tick tries the next conversation.
      }
      await this.running.sleep(everyMs);
    }
  }

  private listenForControl(): void {
    this.control = this.nc.subscribe(CONTROL_SUBJECT, {
      callback: (error, msg) => {
        if (error) return;
        const parsed = controlSchema.safeParse(safeJson(msg.string()));
        if (!parsed.success) {
          msg.respond(JSON.stringify({ ok: false, error: "expected {pool, enabled} or {status: true}" }));
          return;
        }
        try {
          if ("pool" in parsed.data) this.setPoolEnabled(parsed.data.pool, parsed.data.enabled);
          const pools = Object.fromEntries(this.toolNames.map((t) => [t, this.poolEnabled(t)]));
          msg.respond(JSON.stringify({ ok: true, pools, stats: this.stats }));
        } catch (e) {
          msg.respond(JSON.stringify({ ok: false, error: (e as Error).message }));
        }
      },
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
