// Reads a nats CLI context (by name from ~/.config/nats/context/, or by path) like `nats --context` does.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "./config-error";
import { natsContextSchema, type NatsContext } from "./schema";

export function contextPath(nameOrPath: string, env: NodeJS.ProcessEnv): string {
  if (nameOrPath.includes("/") || nameOrPath.endsWith(".json")) return nameOrPath;
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(configHome, "nats", "context", `${nameOrPath}.json`);
}

export function readNatsContext(setting: string, nameOrPath: string, env: NodeJS.ProcessEnv): NatsContext {
  const path = contextPath(nameOrPath, env);
  let raw: string;
  try {
    raw = readFileSync(/*turbopackIgnore: true*/ path, "utf8");
  } catch {
    throw new ConfigError(setting, `names nats context "${nameOrPath}" but ${path} cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError(setting, `names nats context file ${path}, which is not valid JSON`);
  }
  const parsed = natsContextSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(setting, `names nats context file ${path}, which has unexpected fields`);
  return parsed.data;
}
