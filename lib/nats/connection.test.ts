import { afterEach, describe, expect, it } from "vitest";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { waitFor } from "@/lib/testing/use-nats-server";
import type { EnvironmentConfig } from "@/lib/config/load-config";
import { EnvironmentConnection } from "./connection";

function environment(url: string): EnvironmentConfig {
  return { name: "test", servers: [url], deadLetterStreams: [] };
}

describe("EnvironmentConnection", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("connects, reports the server version and JetStream, and shares one manager", async () => {
    const server = await NatsServerProcess.start();
    cleanups.push(() => server.stop());
    const connection = new EnvironmentConnection(environment(server.url)).start();
    cleanups.push(() => connection.stop());
    await waitFor(() => connection.status().state === "connected", { what: "connected" });
    const status = connection.status();
    expect(status.serverVersion).toBe("2.9.10");
    expect(status.jetstream).toBe(true);
    expect(status.features?.multipleFilters).toBe(false);
    expect(await connection.manager()).toBe(await connection.manager());
  });

  it("starts while NATS is down, says why, and connects when it comes up", async () => {
    const server = await NatsServerProcess.start();
    cleanups.push(() => server.stop());
    await server.halt();
    const connection = new EnvironmentConnection(environment(server.url)).start();
    cleanups.push(() => connection.stop());
    await waitFor(() => connection.status().lastError?.includes("ECONNREFUSED"), {
      what: "a refused connection",
    });
    expect(connection.status().state).toBe("connecting");
    expect(() => connection.connection()).toThrow(/NATS unreachable: .*ECONNREFUSED.*retrying/);
    await server.restart();
    await waitFor(() => connection.status().state === "connected", {
      timeoutMs: 15_000,
      what: "connected after start",
    });
  });

  it("goes to reconnecting during an outage and back to connected, repeatedly", async () => {
    const server = await NatsServerProcess.start();
    cleanups.push(() => server.stop());
    const connection = new EnvironmentConnection(environment(server.url)).start();
    cleanups.push(() => connection.stop());
    const seen: string[] = [];
    connection.onStatus((s) => {
      if (seen.at(-1) !== s.state) seen.push(s.state);
    });
    await waitFor(() => connection.status().state === "connected");
    for (let cycle = 0; cycle < 3; cycle++) {
      await server.halt();
      await waitFor(() => connection.status().state !== "connected", { what: `outage ${cycle} noticed` });
      expect(() => connection.connection()).toThrow(/NATS unreachable/);
      await server.restart();
      await waitFor(() => connection.status().state === "connected", {
        timeoutMs: 15_000,
        what: `recovery ${cycle}`,
      });
    }
    // The first connect plus one recovery per cycle.
    expect(seen.filter((s) => s === "connected")).toHaveLength(4);
    expect(seen).toContain("reconnecting");
  });
});

describe("EnvironmentConnection with a collector across outages", () => {
  it("survives 10 down/up cycles without leaking connections, subscriptions or timers", async () => {
    const { Collector } = await import("@/lib/collector/collector");
    const server = await NatsServerProcess.start({ monitorPort: 0 });
    const connection = new EnvironmentConnection(environment(server.url)).start();
    const collector = new Collector(connection, { intervalMs: 1000 }).start();
    try {
      await waitFor(() => connection.status().state === "connected");
      await collector.tick();
      const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      for (let cycle = 0; cycle < 10; cycle++) {
        await server.halt();
        await waitFor(() => connection.status().state !== "connected", { what: `outage ${cycle}` });
        await collector.tick();
        expect(collector.latest().findings[0]?.rule).toBe("nats_unreachable");
        await server.restart();
        await waitFor(() => connection.status().state === "connected", {
          timeoutMs: 15_000,
          what: `recovery ${cycle}`,
        });
        // Recovery shows within one poll of NATS returning.
        await waitFor(() => !collector.latest().poll.stale, {
          timeoutMs: 2500,
          what: `fresh poll after recovery ${cycle}`,
        });
      }
      const connz = (await (await fetch(`${server.monitorUrl}/connz?subs=true`)).json()) as {
        connections: { name?: string; subscriptions: number }[];
      };
      const ours = connz.connections.filter((c) => c.name === "switchyard:test");
      expect(ours).toHaveLength(1);
      expect(ours[0]!.subscriptions).toBeLessThanOrEqual(2);
      const timersAfter = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      expect(timersAfter).toBeLessThanOrEqual(timersBefore + 2);
    } finally {
      collector.stop();
      await connection.stop();
      await server.stop();
    }
  });
});
