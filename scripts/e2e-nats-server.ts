// Playwright webServer entry: a throw-away nats-server on fixed ports, stopped (SIGINT) with the test run.
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { onShutdown } from "./lib/on-shutdown";

async function main(): Promise<void> {
  const port = Number(process.env.E2E_NATS_PORT);
  const monitorPort = Number(process.env.E2E_NATS_MONITOR_PORT);
  const server = await NatsServerProcess.start({ port, monitorPort });
  console.log(`e2e nats-server ready on ${server.url}`);
  onShutdown(() => server.stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
