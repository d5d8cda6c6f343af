// `npm run demo`: nats-server (unless NATS_URL is set) + the simulated agent system + the dashboard, stopped
// together by Ctrl-C.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { unsafeBinding } from "@/lib/auth/binding";
import { generatePassword, upsertCredential } from "@/lib/auth/credential-file-edit";
import { hashPassword } from "@/lib/auth/credentials";
import { loadConfig } from "@/lib/config/load-config";
import { NatsServerMissingError, NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { Simulator } from "@/lib/simulator";
import { onShutdown } from "./lib/on-shutdown";
import { NEXT_BIN, portIsFree, startChild, startServer, stopChild, waitForHttp } from "./lib/processes";
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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHYARD_POLL_INTERVAL_MS: process.env.SWITCHYARD_POLL_INTERVAL_MS || DEMO_POLL_INTERVAL_MS,
  };
  if (!process.env.NATS_URL) {
    console.log("Starting nats-server with JetStream (temp store)…");
    server = await NatsServerProcess.start({ port: 0, monitorPort: 0 });
    env.NATS_URL = server.url;
    env.SWITCHYARD_ENV_NAME ||= "demo";
    console.log(`  nats-server ${server.url} (monitoring ${server.monitorUrl}), store ${server.storeDir}`);
    mkdirSync(".demo", { recursive: true });
    writeFileSync(".demo/nats-url", server.url);
  }
  const credentials = process.env.DEMO_AUTH === "password" ? await demoUsers(env) : [];
  const config = loadConfig(env);
  const refusal = unsafeBinding(config.auth.mode, host);
  if (refusal) throw new Error(refusal);
  if (!(await portIsFree(config.port, host))) {
    throw new Error(
      `Port ${config.port} is already in use on ${host}. Stop whatever uses it, or pick another: PORT=${config.port + 1} npm run demo`,
    );
  }

  const natsUrl = env.NATS_URL ?? config.environments[0]!.servers.join(",");
  nc = await connect({ servers: natsUrl.split(","), maxReconnectAttempts: -1 });
  simulator = await Simulator.start(nc, simOptions);
  console.log(
    `Simulated agent system running (seed ${simulator.options.seed}, ${simulator.options.conversationsPerMinute} conversations/min, tools ${simulator.toolNames.join(", ")}).`,
  );

  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build yet: building the dashboard (next build)…");
    const build = startChild(process.execPath, [NEXT_BIN, "build"], { env });
    const code = await new Promise<number | null>((resolve) => build.once("exit", resolve));
    if (code !== 0)
      throw new Error(`next build failed (exit ${code}); fix the error above and run npm run demo again`);
  }

  web = startServer(config.port, host, { ...env, PORT: String(config.port) });
  const url = `http://${host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host}:${config.port}`;
  await waitForHttp(`http://127.0.0.1:${config.port}/api/health`, 60_000, web);
  console.log(`\nSwitchyard is ready: ${url}\n`);
  if (credentials.length) {
    console.log("Sign-in is on (DEMO_AUTH=password). Demo users, one per role (new passwords each run):");
    for (const c of credentials)
      console.log(`  ${c.role.padEnd(8)} user ${c.name.padEnd(8)} password ${c.password}`);
    console.log("");
  } else {
    console.log("Sign-in is off (local only). To try sign-in and roles: DEMO_AUTH=password npm run demo\n");
  }
  console.log("Try an outage:  npm run sim:control -- crm_lookup off   (and `on` to recover)");
  console.log("Press Ctrl-C to stop everything.\n");
  web.once("exit", (code) => {
    if (!stopping && code !== null && code !== 0) {
      console.error(`The dashboard exited with code ${code}.`);
      void shutdown(1);
    }
  });
}

/** DEMO_AUTH=password: a fresh users file with one user per role, and the env that turns sign-in on. */
async function demoUsers(
  env: NodeJS.ProcessEnv,
): Promise<Array<{ name: string; role: "viewer" | "operator" | "admin"; password: string }>> {
  mkdirSync(".demo", { recursive: true });
  const file = ".demo/users.txt";
  writeFileSync(file, "# Demo users, written by npm run demo (DEMO_AUTH=password)\n", { mode: 0o600 });
  const users = (["admin", "operator", "viewer"] as const).map((role) => ({
    name: role,
    role,
    password: generatePassword(),
  }));
  for (const u of users)
    upsertCredential(file, { name: u.name, role: u.role, hash: await hashPassword(u.password) });
  env.SWITCHYARD_AUTH = "password";
  env.SWITCHYARD_USERS_FILE = file;
  env.SWITCHYARD_SESSION_SECRET ||= randomBytes(32).toString("base64url");
  return users;
}

main().catch((error) => {
  console.error(
    error instanceof NatsServerMissingError
      ? error.message
      : `Demo failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  void shutdown(1);
});
