// Runs the simulated agent system alone against NATS_URL (used by Playwright and for manual experiments).
import { createServer } from "node:http";
import { connect } from "@nats-io/transport-node";
import { Simulator } from "@/lib/simulator";
import { onShutdown } from "./lib/on-shutdown";
import { simulatorOptionsFromEnv } from "./lib/simulator-env";

async function main(): Promise<void> {
  const url = process.env.NATS_URL || "nats://127.0.0.1:4222";
  const nc = await connect({ servers: url.split(","), maxReconnectAttempts: -1 });
  const simulator = await Simulator.start(nc, simulatorOptionsFromEnv(process.env));
  // Optional readiness endpoint: 200 once the topology is provisioned and workers run.
  const statusPort = Number(process.env.SIM_STATUS_PORT || 0);
  const status = statusPort
    ? createServer((_, res) =>
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(simulator.stats)),
      ).listen(statusPort, "127.0.0.1")
    : undefined;
  console.log(`simulator running against ${url} (seed ${simulator.options.seed})`);
  onShutdown(async () => {
    status?.close();
    await simulator.stop();
    await nc.close();
  });
}

main().catch((error) => {
  console.error(`simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
