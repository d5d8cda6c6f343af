// `npm start`: validates the configuration (one clear line on error), then serves the built dashboard.
import { existsSync } from "node:fs";
import { unsafeBinding } from "@/lib/auth/binding";
import { loadConfig } from "@/lib/config/load-config";
import { onShutdown } from "./lib/on-shutdown";
import { portIsFree, startServer, stopChild } from "./lib/processes";

async function main(): Promise<void> {
  const config = loadConfig();
  const host = process.env.HOST || "0.0.0.0";
  const refusal = unsafeBinding(config.auth.mode, host);
  if (refusal) throw new Error(refusal);
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build found: run `npm run build` first.");
  if (!(await portIsFree(config.port, host === "0.0.0.0" ? undefined : host)))
    throw new Error(`Port ${config.port} is already in use; set PORT to another port.`);
  const web = startServer(config.port, host, process.env);
  const shutdown = onShutdown(() => stopChild(web));
  web.once("exit", (code) => void shutdown(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
