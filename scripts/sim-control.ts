// `npm run sim:control -- <tool> on|off` switches a simulated tool pool (an outage); `status` prints the pools.
import { connect } from "@nats-io/transport-node";
import { CONTROL_SUBJECT } from "@/lib/simulator";

async function main(): Promise<void> {
  const [tool, state] = process.argv.slice(2);
  if (!tool || (tool !== "status" && state !== "on" && state !== "off")) {
    throw new Error("usage: npm run sim:control -- <tool> on|off   or   npm run sim:control -- status");
  }
  const url = process.env.NATS_URL || (await demoUrl());
  const nc = await connect({ servers: url });
  const body = tool === "status" ? { status: true } : { pool: tool, enabled: state === "on" };
  const reply = await nc.request(CONTROL_SUBJECT, JSON.stringify(body), { timeout: 3000 });
  console.log(JSON.stringify(reply.json(), null, 2));
  await nc.close();
}

/** The demo writes its nats-server URL to .demo/nats-url so this command finds it without NATS_URL. */
async function demoUrl(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  return (await readFile(".demo/nats-url", "utf8").catch(() => "nats://127.0.0.1:4222")).trim();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
