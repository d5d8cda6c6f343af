// `npm run demo`: nats-server (unless NATS_URL is set) + the simulated agent system + the dashboard, stopped together by Ctrl-C.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { loadConfig } from "@/lib/config/load-config";
import { NatsServerMissingError, NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { Simulator } from "@/lib/simulator";
import { onShutdown } from "./lib/on-shutdown";
import { NEXT_BIN, portIsFree, startChild, stopChild, waitForHttp } from "./lib/processes";
import { simulatorOptionsFromEnv } from "./lib/simulator-env";
import type { ChildProcess } from "node:child_process";

const DEMO_POLL_INTERVAL_MS = "2000";

let server: NatsServerProcess | undefined;
let nc: NatsConnection | undefined;
let simulator: Simulator | undefined;
let web: ChildProcess | undefined;

let stopping = false;

const shutdown = onShutdown(async () => {
  stopping = true;
  await stopChild(web);
  await simulator?.stop().catch(() => undefined);
  await nc?.close().catch(() => undefined);
  await server?.stop();
  console.log("Demo stopped; nothing left running.");
});

async function main(): Promise<void> {
  const host = process.env.HOST || "127.0.0.1";

  const simOptions = simulatorOptionsFromEnv(process.env);
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_POLL_INTERVAL_MS: process.env.SWITCHYARD_POLL_INTERVAL_MS || DEMO_POLL_INTERVAL_MS };
  if (!process.env.NATS_URL) {
    console.log("Starting nats-server with JetStream (temp store)…");
    server = await NatsServerProcess.start({ port: 0, monitorPort: 0 });
    env.NATS_URL = server.url;
    env.SWITCHYARD_ENV_NAME ||= "demo";
    console.log(`  nats-server ${server.url} (monitoring ${server.monitorUrl}), store ${server.storeDir}`);
    mkdirSync(".demo", { recursive: true });
    writeFileSync(".demo/nats-url", server.url);
  }
  const config = loadConfig(env);
  if (!(await portIsFree(config.port, host))) {
    throw new Error(`Port ${config.port} is already in use on ${host}. Stop whatever uses it, or pick another: PORT=${config.port + 1} npm run demo`);
  }

  const natsUrl = env.NATS_URL ?? config.environments[0]!.servers.join(",");
  nc = await connect({ servers: natsUrl.split(","), maxReconnectAttempts: -1 });
  simulator = await Simulator.start(nc, simOptions);
  console.log(`Simulated agent system running (seed ${simulator.options.seed}, ${simulator.options.conversationsPerMinute} conversations/min, tools ${simulator.toolNames.join(", ")}).`);

  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build yet: building the dashboard (next build)…");
    const build = startChild(process.execPath, [NEXT_BIN, "build"], { env });
    const code = await new Promise<number | null>((resolve) => build.once("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (exit ${code}); fix the error above and run npm run demo again`);
  }

  web = startChild(process.execPath, [NEXT_BIN, "start", "-p", String(config.port), "-H", host], { env: { ...env, PORT: String(config.port) } });
  const url = `http://${host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host}:${config.port}`;
  await waitForHttp(`http://127.0.0.1:${config.port}/api/health`, 60_000, web);
  console.log(`\nSwitchyard is ready: ${url}\n`);
  console.log("Try an outage:  npm run sim:control -- crm_lookup off   (and `on` to recover)");
  console.log("Press Ctrl-C to stop everything.\n");
  web.once("exit", (code) => {
    if (!stopping && code !== null && code !== 0) {
      console.error(`The dashboard exited with code ${code}.`);
      void shutdown(1);
    }
  });
}

main().catch((error) => {
  console.error(error instanceof NatsServerMissingError ? error.message : `Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
