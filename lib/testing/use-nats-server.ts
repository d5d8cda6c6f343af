// Vitest helper: a throw-away nats-server for the suite (random port, temp store), stopped after it.
import { afterAll, beforeAll } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsServerProcess, type NatsServerOptions } from "@/lib/nats-server/nats-server-process";

export type SuiteServer = { server: NatsServerProcess; nc: NatsConnection };

/** Starts a server before the suite and returns a getter for it and a connected client. */
export function useNatsServer(options: NatsServerOptions = {}): () => SuiteServer {
  let suite: SuiteServer | undefined;
  beforeAll(async () => {
    const server = await NatsServerProcess.start(options);
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    suite = { server, nc };
  });
  afterAll(async () => {
    await suite?.nc.close();
    await suite?.server.stop();
  });
  return () => {
    if (!suite)
      throw new Error("useNatsServer: the server is not started yet (use it inside a test or hook)");
    return suite;
  };
}

/** Polls `check` until it returns a truthy value, or fails after timeoutMs with the last seen value. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  throw new Error(
    `timed out waiting for ${options.what ?? "condition"}; last value ${JSON.stringify(last)}${lastError ? `, last error ${String(lastError)}` : ""}`,
  );
}
