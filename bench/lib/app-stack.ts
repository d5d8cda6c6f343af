// A throw-away stack for API benchmarks: nats-server (with monitoring), the simulator, and the built dashboard.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { Simulator, type SimulatorOptions } from "@/lib/simulator";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../../scripts/lib/processes";

export type AppStack = {
  server: NatsServerProcess;
  nc: NatsConnection;
  simulator: Simulator;
  app: ChildProcess;
  baseUrl: string;
  stop: () => Promise<void>;
};

export async function startAppStack(
  port: number,
  environment: string,
  simulator: Partial<SimulatorOptions>,
  env: Record<string, string> = {},
): Promise<AppStack> {
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("no production build: run `npm run build` before this bench");
  const server = await NatsServerProcess.start({ monitorPort: 0 });
  const nc = await connect({ servers: server.url });
  const sim = await Simulator.start(nc, { storage: "memory", ...simulator });
  const app = startServer(
    port,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: server.url,
      SWITCHYARD_ENV_NAME: environment,
      SWITCHYARD_AUTH: "none",
      ...env,
    },
    { stdio: QUIET_STDIO },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/api/health`, 60_000, app);
  return {
    server,
    nc,
    simulator: sim,
    app,
    baseUrl,
    stop: async () => {
      await stopChild(app);
      await sim.stop();
      await nc.close();
      await server.stop();
    },
  };
}
