import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { waitFor } from "@/lib/testing/use-nats-server";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import type { Actor } from "@/lib/core/actor";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { RedriveRunner } from "./runner";
import { startRedrive } from "./start";
import { createTarget, seedEntries } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";

const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

describe("redrive across a nats-server restart (file storage)", () => {
  // Unlimited: two chunks in flight when the server goes; paced: one small chunk at a time.
  it.each([
    { ratePerSecond: 0, label: "no rate limit" },
    { ratePerSecond: 5000, label: "5,000 msgs/s" },
  ])(
    "a 10,000-entry job ($label): every entry ends in the DLQ or the target exactly once",
    async ({ ratePerSecond }) => {
      const server = await NatsServerProcess.start();
      const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
      try {
        const target = `TGTR${ratePerSecond}`;
        await createTarget(nc, target);
        const seqs = await seedEntries(nc, target, 10_000);
        const runner = new RedriveRunner({
          connection: () => nc,
          manager: () => jetstreamManager(nc),
          apiPrefix: "$JS.API",
        }).start();
        const jsm = await jetstreamManager(nc);
        const store = await runner.jobStore();
        const started = await startRedrive(
          {
            src: { nc, jsm, apiPrefix: "$JS.API" },
            store,
            poke: () => runner.poke(),
            defaults: { ratePerSecond, afterRedrive: "delete" },
          },
          { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: target } } },
          actor,
        );
        if (!("job" in started)) throw new Error("expected a job");
        const before = await waitFor(
          async () => {
            const job = (await store.get(started.job.id))?.job;
            return job && job.done >= 1000 ? job : undefined;
          },
          { what: "progress before the restart", intervalMs: 5, timeoutMs: 20_000 },
        );
        expect(before.state).toBe("running");
        await server.restart();
        // Generous: on a loaded 2-core CI machine the restarted server recovers its file streams slowly, and a chunk
        // that hits a timeout is retried from the stored position; correctness is what the assertions below check.
        const done = await waitFor(
          async () => {
            const job = (await store.get(started.job.id).catch(() => undefined))?.job;
            return job?.state === "done" ? job : undefined;
          },
          { what: "job done after the restart", timeoutMs: 60_000 },
        );
        await runner.stop();
        const inTarget: number[] = [];
        await readRange(
          nc,
          "$JS.API",
          { stream: target, startSeq: 1 },
          (m) => void inTarget.push(Number(m.header?.get("Nats-Msg-Id")?.split(":").pop())),
        );
        const inDlq: number[] = [];
        await readRange(
          nc,
          "$JS.API",
          { stream: OWN_DLQ_STREAM, startSeq: 1, filter: `switchyard.dlq.*.${target}.>`, headersOnly: true },
          (m) => void inDlq.push(m.seq),
        );
        expect(new Set(inTarget).size).toBe(inTarget.length); // never twice
        expect([...inTarget, ...inDlq].sort((a, b) => a - b)).toEqual(seqs); // never lost
        expect(done.failed).toBe(0);
        console.log(
          `restart test (${ratePerSecond || "unlimited"}): restarted at ${before.done} settled; ${inTarget.length} in target, ${inDlq.length} left in DLQ, job moved ${done.moved}, skipped ${done.skipped}`,
        );
      } finally {
        await nc.close();
        await server.stop();
      }
    },
    100_000,
  );
});
