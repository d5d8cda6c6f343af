// Starts and stops a throw-away nats-server (JetStream, temp store, random ports) for tests, the demo and benchmarks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NATS_SERVER_INSTALL_HINT = [
  "nats-server was not found on PATH. Install it, or set NATS_URL to use a server you already run:",
  "  Debian/Ubuntu: sudo apt-get install nats-server",
  "  macOS:         brew install nats-server",
  "  other:         https://github.com/nats-io/nats-server/releases (put nats-server on PATH)",
  "  or:            NATS_URL=nats://host:4222 npm run demo",
].join("\n");

export type NatsServerOptions = {
  /** Client port; 0 picks a free one (kept across restarts). */
  port?: number;
  /** Monitoring port; 0 picks a free one; undefined disables monitoring. */
  monitorPort?: number;
  /** JetStream store directory; a temp dir (removed on stop) when omitted. */
  storeDir?: string;
  binary?: string;
  readyTimeoutMs?: number;
  /** Extra server configuration (nats-server config syntax), e.g. JetStream or account limits for a small account. */
  config?: string;
};

export class NatsServerMissingError extends Error {
  constructor() {
    super(NATS_SERVER_INSTALL_HINT);
    this.name = "NatsServerMissingError";
  }
}

export function natsServerAvailable(binary = "nats-server"): boolean {
  const probe = spawnSync(binary, ["--version"], { stdio: "ignore" });
  return !probe.error && probe.status === 0;
}

export class NatsServerProcess {
  port: number;
  monitorPort?: number;
  readonly storeDir: string;
  private child?: ChildProcess;
  private readonly ownsStore: boolean;
  private log = "";

  private constructor(private readonly options: NatsServerOptions) {
    this.port = options.port ?? 0;
    this.monitorPort = options.monitorPort;
    this.ownsStore = !options.storeDir;
    this.storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), "switchyard-nats-"));
  }

  static async start(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(options);
    await server.boot();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get monitorUrl(): string | undefined {
    return this.monitorPort ? `http://127.0.0.1:${this.monitorPort}` : undefined;
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Recent server log, for failure messages. */
  output(): string {
    return this.log.slice(-4000);
  }

  /** Stops the server (SIGINT: 2.9 exits 1 on SIGTERM) and keeps the store for a restart. */
  async halt(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** kill -9: the server gets no chance to flush; `restart()` brings it back on the same ports and store. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  /** Starts the server again on the same ports and store. */
  async restart(): Promise<void> {
    await this.halt();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.halt();
    if (this.ownsStore) rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    const binary = this.options.binary ?? "nats-server";
    const args = ["-a", "127.0.0.1", "-p", String(this.port || -1), "-js", "-sd", this.storeDir];
    if (this.monitorPort !== undefined) args.push("-m", String(this.monitorPort || -1));
    if (this.options.config) {
      const file = join(this.storeDir, "server.conf");
      writeFileSync(file, this.options.config);
      args.push("-c", file);
    }
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    this.child = child;
    this.log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(
          new Error(
            `nats-server did not become ready within ${this.options.readyTimeoutMs ?? 15_000} ms:\n${this.output()}`,
          ),
        );
      }, this.options.readyTimeoutMs ?? 15_000);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        child.stderr?.off("data", onReady);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => {
        const client = /Listening for client connections on [^\s]*:(\d+)/.exec(this.log);
        if (client) this.port = Number(client[1]);
        const monitor = /Starting http monitor on [^\s]*:(\d+)/.exec(this.log);
        if (monitor) this.monitorPort = Number(monitor[1]);
        if (this.log.includes("Server is ready")) finish();
      };
      // Always drain stderr (a full pipe would block the server); keep the tail for error messages.
      child.stderr?.on("data", (chunk: Buffer) => {
        this.log = (this.log + chunk.toString()).slice(-20_000);
      });
      child.stderr?.on("data", onReady);
      child.once("error", (error: NodeJS.ErrnoException) =>
        finish(error.code === "ENOENT" ? new NatsServerMissingError() : error),
      );
      child.once("exit", (code, signal) =>
        finish(new Error(`nats-server exited (${signal ?? code}) before it was ready:\n${this.output()}`)),
      );
    });
  }
}
