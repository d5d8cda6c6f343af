// One NATS connection per environment: connects (and reconnects) forever and reports its status.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { EnvironmentConfig } from "@/lib/config/load-config";
import type { ConnectionState, ConnectionStatus } from "@/lib/dto/connection";
import { connectionOptions, redactServer } from "./connection-options";
import { natsUnavailable } from "./errors";
import { featuresFor } from "./server-features";

type Listener = (status: ConnectionStatus) => void;

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

export class EnvironmentConnection {
  private nc?: NatsConnection;
  private jsm?: Promise<JetStreamManager>;
  private state: ConnectionState = "connecting";
  private since = new Date();
  private lastError?: string;
  private stopped = false;
  private running?: Promise<void>;
  private wakeRetry?: () => void;
  private readonly listeners = new Set<Listener>();

  constructor(readonly env: EnvironmentConfig) {}

  /** Starts the connect loop once; later calls are no-ops. */
  start(): this {
    this.running ??= this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    const nc = this.nc;
    if (nc && !nc.isClosed()) await nc.close().catch(() => undefined);
    await this.running;
    this.setState("closed");
  }

  /** The live connection, or a 503 AppError saying why there is none. */
  connection(): NatsConnection {
    const nc = this.nc;
    if (!nc || nc.isClosed() || this.state !== "connected") {
      throw natsUnavailable(`${this.lastError ?? this.state}, retrying`);
    }
    return nc;
  }

  /** One JetStream manager per live connection, reused by every caller. */
  manager(): Promise<JetStreamManager> {
    const nc = this.connection();
    this.jsm ??= jetstreamManager(nc, { checkAPI: false });
    return this.jsm;
  }

  /** The JetStream API subject prefix, honouring a JetStream domain. */
  apiPrefix(): string {
    return this.env.jetstreamDomain ? `$JS.${this.env.jetstreamDomain}.API` : "$JS.API";
  }

  status(): ConnectionStatus {
    const info = this.state === "connected" ? this.nc?.info : undefined;
    return {
      name: this.env.name,
      description: this.env.description,
      servers: this.env.servers.map(redactServer),
      state: this.state,
      since: this.since.toISOString(),
      lastError: this.lastError,
      connectedUrl: info ? redactServer(this.nc?.getServer() ?? "") : undefined,
      serverName: info?.server_name,
      serverVersion: info?.version,
      jetstream: info?.jetstream,
      features: info ? featuresFor(info.version) : undefined,
    };
  }

  onStatus(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState, error?: string): void {
    if (error !== undefined) this.lastError = error;
    if (state === "connected") this.lastError = undefined;
    if (state !== this.state) {
      this.state = state;
      this.since = new Date();
    }
    const snapshot = this.status();
    for (const listener of this.listeners) listener(snapshot);
  }

  private async run(): Promise<void> {
    let retryMs = RETRY_MIN_MS;
    while (!this.stopped) {
      try {
        const nc = await connect(connectionOptions(this.env));
        if (this.stopped) {
          await nc.close();
          break;
        }
        this.nc = nc;
        this.jsm = undefined;
        retryMs = RETRY_MIN_MS;
        this.setState("connected");
        void this.watch(nc);
        const closedWith = await nc.closed();
        this.nc = undefined;
        this.jsm = undefined;
        if (this.stopped) break;
        this.setState("connecting", closedWith ? describe(closedWith) : "connection closed");
      } catch (error) {
        this.setState(this.state === "closed" ? "connecting" : this.state, describe(error));
      }
      await this.pause(retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      switch (s.type) {
        case "disconnect":
          this.jsm = undefined;
          this.setState("reconnecting", `disconnected from ${redactServer(s.server)}`);
          break;
        case "reconnecting":
          if (this.state !== "reconnecting") this.setState("reconnecting");
          break;
        case "reconnect":
          this.jsm = undefined;
          this.setState("connected");
          break;
        case "error":
          this.setState(this.state, describe(s.error));
          break;
        default:
          break;
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message : "";
    return [
      error.message,
      causeText && causeText !== error.message ? `(${causeText})` : "",
      code && !error.message.includes(code) ? `[${code}]` : "",
    ]
      .filter(Boolean)
      .join(" ");
  }
  return String(error);
}
