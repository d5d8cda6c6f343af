// Test helper: a local HTTP receiver for notifications (no outside network) that records every request and can be
// told to fail the first N requests on a path.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; at: number; headers: Record<string, string>; body: unknown };

export class HttpReceiver {
  readonly received: Received[] = [];
  private failures = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HttpReceiver> {
    let receiver!: HttpReceiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => receiver.handle(req.url ?? "/", req.headers, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new HttpReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** The next `count` requests to `path` are answered 500. */
  failNext(path: string, count: number): void {
    this.failures.set(path, count);
  }

  private handle(
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: import("node:http").ServerResponse,
  ): void {
    const left = this.failures.get(path) ?? 0;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      parsed = body.toString("utf8");
    }
    this.received.push({
      path,
      at: Date.now(),
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
      body: parsed,
    });
    if (left > 0) {
      this.failures.set(path, left - 1);
      res.writeHead(500).end("failing on purpose");
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
