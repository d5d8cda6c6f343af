// Poll cost: a full collector poll (lists + oldest-message ages + subject depths + derivations) against a bare
// loop issuing only the paged list requests with the same client, on a local nats-server, in the same run.
// Sizes: 20×10, 200×10, 1000×5 streams × consumers, half the consumers with backlog (BENCH_COLLECTOR_SIZES="200x10,…").
import { performance } from "node:perf_hooks";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Collector } from "@/lib/collector/collector";
import { listAll, type ApiCounter } from "@/lib/nats/jetstream-api";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { provisionStreams } from "./lib/provision";
import { median, ms } from "./lib/stats";

const ROUNDS = Number(process.env.BENCH_COLLECTOR_ROUNDS || 30);

async function bareLoop(nc: NatsConnection): Promise<{ ms: number; requests: number }> {
  const counter: ApiCounter = { requests: 0 };
  const started = performance.now();
  const streams = await listAll<{ config: { name: string } }>(
    nc,
    "$JS.API",
    "STREAM.LIST",
    "streams",
    counter,
  );
  await Promise.all(
    streams.map((s) => listAll(nc, "$JS.API", `CONSUMER.LIST.${s.config.name}`, "consumers", counter)),
  );
  return { ms: performance.now() - started, requests: counter.requests };
}

async function moveFloors(nc: NatsConnection, streams: number, count: number): Promise<number> {
  // Ack the backlog of `count` consumers (c0 of the first streams): their ack floors move.
  const js = jetstream(nc);
  let moved = 0;
  for (let s = 0; s < Math.min(streams, count); s++) {
    const m = await (await js.consumers.get(`B${s}`, "c0")).next({ expires: 2000 });
    if (m) {
      await m.ackAck();
      await js.publish(`b${s}.c0`, "more work");
      moved++;
    }
  }
  return moved;
}

async function scenario(streams: number, consumers: number): Promise<void> {
  const server = await NatsServerProcess.start({});
  const nc = await connect({ servers: server.url });
  const connection = new EnvironmentConnection({
    name: "bench",
    servers: [server.url],
    deadLetterStreams: [],
  }).start();
  try {
    await provisionStreams(nc, streams, consumers);
    while (connection.status().state !== "connected") await new Promise((r) => setTimeout(r, 50));
    const collector = new Collector(connection, { intervalMs: 3_600_000 });
    const cold = performance.now();
    await collector.tick();
    const coldMs = performance.now() - cold;
    const coldRequests = collector.latest().poll.requests!;
    const bare: number[] = [];
    const full: number[] = [];
    let bareRequests = 0;
    let warmRequests = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // Interleave so both see the same server state and load.
      const b = await bareLoop(nc);
      bare.push(b.ms);
      bareRequests = b.requests;
      const t = performance.now();
      await collector.tick();
      full.push(performance.now() - t);
      warmRequests = collector.latest().poll.requests!;
    }
    const moved = await moveFloors(nc, streams, 10);
    await collector.tick();
    const movedRequests = collector.latest().poll.requests!;
    const listPages = bareRequests;
    const ratio = median(full) / median(bare);
    console.log(
      `${streams} streams × ${consumers} consumers: full poll ${ms(median(full))} vs bare list loop ${ms(median(bare))} → ratio ${ratio.toFixed(2)} (target ≤ 1.5)`,
    );
    console.log(
      `  requests: bare ${listPages}; steady poll ${warmRequests} (bound: ${listPages} list pages + 0 moved floors); after moving ${moved} floors ${movedRequests} (bound ${listPages + moved} + subject-depth refreshes of changed streams); cold first poll ${coldRequests} in ${ms(coldMs)}`,
    );
    collector.stop();
  } finally {
    await connection.stop();
    await nc.close();
    await server.stop();
  }
}

export default async function main(): Promise<void> {
  const sizes = (process.env.BENCH_COLLECTOR_SIZES || "20x10,200x10,1000x5")
    .split(",")
    .map((s) => s.split("x").map(Number) as [number, number]);
  for (const [streams, consumers] of sizes) await scenario(streams, consumers);
}
