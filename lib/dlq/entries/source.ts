// Where an environment's dead letters are read from: its connection, JetStream manager and header mapping.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import type { OriginHeaderConfig } from "./origin-headers";

export type Source = {
  nc: NatsConnection;
  jsm: JetStreamManager;
  apiPrefix: string;
  /** `deadLetterHeaders` of the environment: origin header names of application DLQ streams (default X-Dlq-*). */
  originHeaders?: OriginHeaderConfig;
  /** `traces.keyRules`: where an entry's conversation id is, by its original stream and subject (default rules). */
  keyRules?: readonly KeyRule[];
};
