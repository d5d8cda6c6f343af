// A throw-away cluster of nats-servers on loopback (JetStream, one temp store each) for the fault tests: streams can be
// R3, and any node can be killed -9 and restarted on the same ports and store.
import { createServer } from "node:net";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NatsServerProcess } from "./nats-server-process";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export class NatsCluster {
  private constructor(
    readonly nodes: NatsServerProcess[],
    private readonly root: string,
  ) {}

  /** Starts `size` nodes named n1…nN in cluster "switchyard-test", each routed to every other. */
  static async start(size = 3): Promise<NatsCluster> {
    const root = mkdtempSync(join(tmpdir(), "switchyard-cluster-"));
    const ports = await Promise.all(
      Array.from({ length: size }, async () => [await freePort(), await freePort()]),
    );
    for (let i = 1; i <= size; i++) mkdirSync(join(root, `n${i}`));
    const routes = ports.map(([, cluster]) => `nats-route://127.0.0.1:${cluster}`).join(",");
    const nodes = await Promise.all(
      ports.map(([client, cluster], i) =>
        NatsServerProcess.start({
          port: client,
          storeDir: join(root, `n${i + 1}`),
          readyTimeoutMs: 30_000,
          config: [
            `server_name: n${i + 1}`,
            `cluster { name: switchyard-test, listen: 127.0.0.1:${cluster}, routes: [${routes
              .split(",")
              .filter((r) => !r.endsWith(`:${cluster}`))
              .join(", ")}] }`,
          ].join("\n"),
        }),
      ),
    );
    return new NatsCluster(nodes, root);
  }

  /** Every node's client URL (a client given all of them fails over by itself). */
  get servers(): string[] {
    return this.nodes.map((n) => n.url);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    rmSync(this.root, { recursive: true, force: true });
  }
}
