// The process-wide set of environment connections, created on first use and shared by every request.
import "server-only";
import { getConfig } from "@/lib/config";
import type { EnvironmentSummary } from "@/lib/dto/connection";
import { AppError } from "@/lib/core/errors";
import { EnvironmentConnection } from "./connection";
import { redactServer } from "./connection-options";

const KEY = Symbol.for("switchyard.connections");
type Holder = { [KEY]?: Map<string, EnvironmentConnection> };

function connections(): Map<string, EnvironmentConnection> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export function environments(): EnvironmentSummary[] {
  return getConfig().environments.map((env) => ({
    name: env.name,
    description: env.description,
    servers: env.servers.map(redactServer),
  }));
}

export function defaultEnvironmentName(): string {
  return getConfig().environments[0]!.name;
}

/** The started connection of a configured environment; 404 AppError for an unknown name. */
export function environmentConnection(name: string): EnvironmentConnection {
  const existing = connections().get(name);
  if (existing) return existing;
  const env = getConfig().environments.find((e) => e.name === name);
  if (!env)
    throw new AppError("unknown_environment", `environment ${JSON.stringify(name)} is not configured`);
  const created = new EnvironmentConnection(env).start();
  connections().set(name, created);
  return created;
}
