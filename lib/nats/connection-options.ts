// Turns an environment's settings into nats.js connection options (credentials stay on the server).
import { readFileSync } from "node:fs";
import { credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { EnvironmentConfig } from "@/lib/config/load-config";

export function connectionOptions(env: EnvironmentConfig): NodeConnectionOptions {
  const options: NodeConnectionOptions = {
    servers: env.servers,
    name: `switchyard:${env.name}`,
    // Reconnect forever: the dashboard must outlive any outage and recover by itself.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    timeout: 3000,
    pingInterval: 10_000,
    maxPingOut: 2,
    // nats.js otherwise builds two Error objects (stack captured) per request to enrich a possible failure: at
    // 10,000 consumers that was ~1.6 s of CPU per minute of polls in the server (docs/decisions.md, issue 12).
    noAsyncTraces: true,
  };
  if (env.user) options.user = env.user;
  if (env.password !== undefined) options.pass = env.password;
  if (env.token) options.token = env.token;
  if (env.credsFile)
    options.authenticator = credsAuthenticator(readFileSync(/*turbopackIgnore: true*/ env.credsFile));
  else if (env.nkeyFile)
    options.authenticator = nkeyAuthenticator(
      new TextEncoder().encode(readFileSync(/*turbopackIgnore: true*/ env.nkeyFile, "utf8").trim()),
    );
  if (env.tls) options.tls = { caFile: env.tls.caFile, certFile: env.tls.certFile, keyFile: env.tls.keyFile };
  return options;
}

/** A server URL fit to show: any user:password@ removed. */
export function redactServer(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}
