// Triage agents: open conversations, call 1–4 tools each, and reply once every tool result is in.
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import { HEADERS } from "@/lib/dto/message-headers";
import { runPullLoop } from "./pull-loop";
import { rngFor } from "./rng";
import type { SimulatorStats } from "./stats";
import { Switch } from "./switch";
import { CONSUMERS, STREAMS, SUBJECTS } from "./topology";
import type { ToolRequest } from "./tool-worker-pool";

const QUESTIONS = [
  "Where is my order?",
  "Can you update the billing email on my account?",
  "Summarise last quarter's churn for the EMEA accounts.",
  "Find recent news about our largest customer.",
  "Why was I charged twice this month?",
  "Send the onboarding pack to the new admin.",
];

/** Keeps memory bounded: conversations still waiting after this many newer ones are forgotten. */
const MAX_OPEN_CONVERSATIONS = 5000;

export type PlannedConversation = {
  id: string;
  question: string;
  traceId: string;
  calls: { requestId: string; tool: string; args: Record<string, unknown> }[];
};

/** What conversation number `index` looks like for a seed: pure, so tests and benches can predict it. */
export function planConversation(seed: number, index: number, tools: readonly string[]): PlannedConversation {
  const rng = rngFor(seed, `conversation:${index}`);
  const id = `conv-${rng.hex(12)}`;
  const traceId = rng.hex(32);
  const callCount = rng.int(1, 4);
  const calls = Array.from({ length: callCount }, (_, i) => {
    const tool = rng.pick(tools);
    return { requestId: `req-${rng.hex(12)}`, tool, args: { step: i + 1, customer_id: `cus_${rng.hex(6)}` } };
  });
  return { id, question: rng.pick(QUESTIONS), traceId, calls };
}

export type TriageOptions = { seed: number; tools: string[]; stats: SimulatorStats };

export class TriageAgent {
  readonly switch = new Switch();
  private readonly open = new Map<string, { plan: PlannedConversation; waiting: Set<string> }>();
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: TriageOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = await jetstream(this.nc).consumers.get(STREAMS.toolResults, CONSUMERS.triageAgent);
    this.loop = runPullLoop(consumer, (msg) => this.onResult(msg), {
      running: () => !this.switch.stopped,
      enabled: () => true,
      waitForChange: () => this.switch.changed(),
    });
  }

  async stop(): Promise<void> {
    this.switch.stop();
    await this.loop;
  }

  /** Publishes conversation number `index`: the user's message, then its tool requests. */
  async startConversation(index: number): Promise<PlannedConversation> {
    const plan = planConversation(this.options.seed, index, this.options.tools);
    const js = jetstream(this.nc);
    await js.publish(
      SUBJECTS.conversation(plan.id),
      JSON.stringify({ role: "user", content: plan.question }),
      {
        msgID: `${plan.id}:user`,
        headers: this.headersFor(plan, 1),
      },
    );
    this.open.set(plan.id, { plan, waiting: new Set(plan.calls.map((c) => c.requestId)) });
    if (this.open.size > MAX_OPEN_CONVERSATIONS) this.open.delete(this.open.keys().next().value!);
    this.options.stats.conversationsStarted++;
    for (const [i, call] of plan.calls.entries()) {
      const h = this.headersFor(plan, i + 2);
      h.set(HEADERS.requestId, call.requestId);
      h.set(HEADERS.tool, call.tool);
      const body: ToolRequest = {
        request_id: call.requestId,
        conversation_id: plan.id,
        tool: call.tool,
        args: call.args,
      };
      await js.publish(SUBJECTS.toolRequest(call.tool), JSON.stringify(body), {
        msgID: call.requestId,
        headers: h,
      });
      this.options.stats.requestsPublished++;
    }
    return plan;
  }

  private headersFor(plan: PlannedConversation, span: number) {
    const h = headers();
    h.set(HEADERS.conversationId, plan.id);
    h.set(HEADERS.traceparent, `00-${plan.traceId}-${span.toString(16).padStart(16, "0")}-01`);
    return h;
  }

  private async onResult(msg: JsMsg): Promise<void> {
    const conversationId = msg.headers?.get(HEADERS.conversationId) ?? "";
    const requestId = msg.headers?.get(HEADERS.requestId) ?? "";
    this.options.stats.resultsReceived++;
    const open = this.open.get(conversationId);
    if (open?.waiting.delete(requestId) && open.waiting.size === 0) {
      this.open.delete(conversationId);
      const reply = {
        role: "assistant",
        content: `Done: used ${open.plan.calls.map((c) => c.tool).join(", ")}.`,
      };
      await jetstream(this.nc).publish(SUBJECTS.conversation(conversationId), JSON.stringify(reply), {
        msgID: `${conversationId}:assistant`,
        headers: this.headersFor(open.plan, 99),
      });
      this.options.stats.conversationsCompleted++;
    }
    msg.ack();
  }
}
