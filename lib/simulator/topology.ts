// The simulated agent system's streams and consumers, and their idempotent provisioning.
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type ConsumerConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { ensureTapStream, tapRepublish } from "@/lib/traces/tap-stream";
import type { ToolProfile } from "./tool-profiles";

export const STREAMS = {
  toolRequests: "TOOL_REQUESTS",
  toolResults: "TOOL_RESULTS",
  conversations: "CONVERSATIONS",
  deadLetters: "DEAD_LETTERS",
} as const;

export const SUBJECTS = {
  toolRequest: (tool: string) => `tools.execute.${tool}`,
  toolResult: (conversationId: string) => `tools.result.${conversationId}`,
  conversation: (conversationId: string) => `conversations.${conversationId}.messages`,
  deadLetter: (originalSubject: string) => `deadletter.${originalSubject}`,
} as const;

export const CONSUMERS = {
  toolWorkers: (tool: string) => `worker-${tool}`,
  triageAgent: "triage-agent",
  memoryWriter: "memory-writer",
} as const;

export type TopologyOptions = {
  tools: ToolProfile[];
  ackWaitMs: number;
  maxDeliver: number;
  storage: "file" | "memory";
};

const HOUR_NS = nanos(60 * 60 * 1000);

function streamConfigs(storage: StorageType): (Partial<StreamConfig> & { name: string })[] {
  return [
    {
      name: STREAMS.toolRequests,
      description: "Tool calls waiting for a worker (work queue)",
      subjects: ["tools.execute.>"],
      retention: RetentionPolicy.Workqueue,
      storage,
      max_age: 24 * HOUR_NS,
      duplicate_window: nanos(2 * 60 * 1000),
      // Acked requests leave a work queue: a headers-only copy in Switchyard's trace tap keeps them traceable.
      republish: tapRepublish("TOOL_REQUESTS"),
    },
    {
      name: STREAMS.toolResults,
      description: "Tool results, one subject per conversation",
      subjects: ["tools.result.>"],
      retention: RetentionPolicy.Limits,
      storage,
      max_age: 24 * HOUR_NS,
      duplicate_window: nanos(10 * 60 * 1000),
    },
    {
      name: STREAMS.conversations,
      description: "Conversation messages (user, assistant)",
      subjects: ["conversations.>"],
      retention: RetentionPolicy.Limits,
      storage,
      max_age: 7 * 24 * HOUR_NS,
    },
    {
      name: STREAMS.deadLetters,
      description: "Dead letters with their origin in X-Dlq-* headers",
      subjects: ["deadletter.>"],
      retention: RetentionPolicy.Limits,
      storage,
      max_age: 14 * 24 * HOUR_NS,
      duplicate_window: nanos(10 * 60 * 1000),
    },
  ];
}

function consumerConfigs(options: TopologyOptions): [string, Partial<ConsumerConfig>][] {
  const common = {
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
  };
  return [
    ...options.tools.map((tool): [string, Partial<ConsumerConfig>] => [
      STREAMS.toolRequests,
      {
        ...common,
        durable_name: CONSUMERS.toolWorkers(tool.name),
        description: `${tool.name} worker pool`,
        filter_subject: SUBJECTS.toolRequest(tool.name),
        max_deliver: options.maxDeliver,
        max_ack_pending: 1000,
      },
    ]),
    [
      STREAMS.toolResults,
      {
        ...common,
        durable_name: CONSUMERS.triageAgent,
        description: "Triage agents awaiting tool results",
        filter_subject: "tools.result.>",
        max_deliver: options.maxDeliver,
      },
    ],
    [
      STREAMS.conversations,
      {
        ...common,
        durable_name: CONSUMERS.memoryWriter,
        description: "Writes conversation memory",
        filter_subject: "conversations.*.messages",
        max_deliver: options.maxDeliver,
      },
    ],
  ];
}

async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    const existing = await jsm.streams.info(config.name!);
    // nats-server 2.9 cannot change RePublish on an existing stream: keep whatever it has.
    await jsm.streams.update(config.name!, { ...config, republish: existing.config.republish });
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add(config);
  }
}

/** Creates or updates the streams and durable consumers; safe to run again. */
export async function provisionTopology(jsm: JetStreamManager, options: TopologyOptions): Promise<void> {
  const storage = options.storage === "memory" ? StorageType.Memory : StorageType.File;
  await ensureTapStream(jsm);
  for (const config of streamConfigs(storage)) await ensureStream(jsm, config);
  for (const [stream, config] of consumerConfigs(options)) {
    const existing = await jsm.consumers.info(stream, config.durable_name!).catch(() => undefined);
    if (existing) await jsm.consumers.update(stream, config.durable_name!, config);
    else await jsm.consumers.add(stream, config);
  }
}
