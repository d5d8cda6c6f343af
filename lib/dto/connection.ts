// Browser-safe shapes of an environment and its NATS connection status (no secrets, no server imports).
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "closed";

export type ServerFeatures = {
  /** Direct get (STREAM.MSG.GET on any replica) — 2.9+. */
  directGet: boolean;
  /** Several filter subjects per consumer — 2.10+. */
  multipleFilters: boolean;
  /** Consumer pause — 2.11+. */
  consumerPause: boolean;
  /** The MAX_DELIVERIES advisory fires at ack-wait expiry rather than at the next delivery attempt — 2.10.22+. */
  maxDeliveriesAtAckWait: boolean;
};

export type EnvironmentSummary = {
  name: string;
  description?: string;
  /** Server URLs with any user:password removed. */
  servers: string[];
};

export type ConnectionStatus = EnvironmentSummary & {
  state: ConnectionState;
  /** ISO time the current state began. */
  since: string;
  lastError?: string;
  connectedUrl?: string;
  serverName?: string;
  serverVersion?: string;
  jetstream?: boolean;
  features?: ServerFeatures;
};
