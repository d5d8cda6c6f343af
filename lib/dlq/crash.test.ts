// kill -9 tests: a real separate process runs Switchyard's dead-letter services (lib/dlq/testing/dlq-worker.ts) and
// is SIGKILLed mid-work; a fresh process takes over. Nothing selected may be lost, nothing may arrive twice.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import type { Actor } from "@/lib/core/actor";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { CAPTURE_CONSUMER } from "@/lib/dlq/capture";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { RedriveStore, startRedrive } from "@/lib/dlq/redrive";
import { createTarget, createWorkQueue, seedEntries } from "@/lib/dlq/testing";
import { ADVISORY_STREAM } from "@/lib/advisories/advisory-stream";
import { readRange } from "@/lib/nats/stream-reader";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };
const workers: ChildProcess[] = [];

/**
 * Starts lib/dlq/testing/dlq-worker.ts in its own node process; resolves once it runs capture and the redrive
 * runner.
 */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/dlq/testing/dlq-worker.ts"],
    {
      env: { ...process.env, NATS_URL: suite().server.url, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  workers.push(child);
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)));
    lines.on("line", (line) => {
      if (line.startsWith("ready ")) resolve();
    });
  });
  return child;
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

afterEach(async () => {
  await Promise.all(
    workers.splice(0).map((w) => (w.exitCode === null && w.signalCode === null ? kill9(w) : undefined)),
  );
});

/** How many times each number occurs. */
function tally(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

async function headerValues(
  nc: NatsConnection,
  stream: string,
  filter: string | undefined,
  header: string,
): Promise<number[]> {
  const values: number[] = [];
  await readRange(
    nc,
    "$JS.API",
    { stream, startSeq: 1, filter, headersOnly: true, batch: 5000 },
    (m) => void values.push(Number(m.header?.get(header)?.split(":").pop())),
  );
  return values;
}

describe("kill -9 of the process running dead-letter services", () => {
  it("redrive: a 10,000-entry job SIGKILLed mid-way and resumed by a fresh process moves every entry exactly once", async () => {
    const { nc } = suite();
    await createTarget(nc, "KILLT");
    const seqs = await seedEntries(nc, "KILLT", 10_000);
    const store = await RedriveStore.open(nc);
    const first = await startWorker({ LEASE_MS: "1000" });
    const jsm = await jetstreamManager(nc);
    const started = await startRedrive(
      {
        src: { nc, jsm, apiPrefix: "$JS.API" },
        store,
        poke: () => {},
        defaults: { ratePerSecond: 0, afterRedrive: "delete" },
      },
      { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: "KILLT" } } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const id = started.job.id;
    // Unlimited rate (1,000-entry chunks, two in flight): kill in the middle of a chunk's publishes, when some of its
    // entries are in the target but none of them is removed from the DLQ or counted in the job's progress yet.
    await waitFor(async () => (await jsm.streams.info("KILLT")).state.messages >= 4500, {
      what: "half the entries published",
      intervalMs: 2,
      timeoutMs: 20_000,
    });
    await kill9(first);
    const atKill = (await store.get(id))!.job;
    expect(atKill.state).toBe("running"); // really mid-job
    expect(atKill.done).toBeLessThan(10_000);
    const inTargetAtKill = (await jsm.streams.info("KILLT")).state.messages;
    expect(inTargetAtKill).toBeGreaterThan(atKill.done); // published but not yet settled: the resumed run must not double them

    await startWorker({ LEASE_MS: "1000" });
    const done = await waitFor(
      async () => {
        const job = (await store.get(id))?.job;
        return job?.state === "done" ? job : undefined;
      },
      { what: "job resumed and done", timeoutMs: 20_000 },
    );
    await Promise.all(workers.map(stop));

    const inTarget = await headerValues(nc, "KILLT", undefined, "Nats-Msg-Id");
    const inDlq: number[] = [];
    await readRange(
      nc,
      "$JS.API",
      { stream: OWN_DLQ_STREAM, startSeq: 1, filter: "switchyard.dlq.*.KILLT.>", headersOnly: true },
      (m) => void inDlq.push(m.seq),
    );
    expect([...tally(inTarget).values()].filter((n) => n > 1)).toEqual([]); // never twice
    expect([...inTarget, ...inDlq].sort((a, b) => a - b)).toEqual(seqs); // never missing
    expect(done.failed).toBe(0);
    const twice = [...tally(inTarget).values()].filter((n) => n > 1).length;
    const lost = seqs.filter((seq) => !inTarget.includes(seq) && !inDlq.includes(seq)).length;
    console.log(
      `FAULT Switchyard kill -9 mid-redrive: killed at ${atKill.done} settled (${inTargetAtKill} already in the target); resumed by a fresh process; delivered ${new Set(inTarget).size}, twice ${twice}, lost ${lost}, in doubt ${done.inDoubt ?? 0}, left in the DLQ ${inDlq.length}; job moved ${done.moved}, skipped ${done.skipped}`,
    );
  }, 60_000);

  it("capture: SIGKILLed while turning 5,000 max-deliveries advisories into entries, a fresh process leaves exactly one entry per advisory", async () => {
    const { nc } = suite();
    const wq = await createWorkQueue(nc, "KILLWQ", 5);
    const js = jetstream(nc);
    const count = 5000;
    const originals = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        js.publish(wq.subject(i), JSON.stringify({ n: i }), { msgID: `orig-${i}` }),
      ),
    );
    expect(originals.map((a) => a.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    // The advisories the server publishes when a message reaches max deliveries, on the subject it uses.
    await Promise.all(
      originals.map((ack, i) =>
        js.publish(
          `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.KILLWQ.${wq.consumer}`,
          JSON.stringify({
            type: "io.nats.jetstream.advisory.v1.max_deliver",
            id: `adv-${i}`,
            timestamp: new Date().toISOString(),
            stream: "KILLWQ",
            consumer: wq.consumer,
            stream_seq: ack.seq,
            deliveries: 5,
          }),
        ),
      ),
    );
    const jsm = await jetstreamManager(nc);
    const entries = async () =>
      (await jsm.streams.info(OWN_DLQ_STREAM, { subjects_filter: "switchyard.dlq.*.KILLWQ.>" })).state
        .messages;
    const first = await startWorker({ ACK_WAIT_MS: "1000" });
    await waitFor(async () => (await entries()) >= 500, {
      what: "capture under way",
      intervalMs: 5,
      timeoutMs: 20_000,
    });
    await kill9(first);
    const atKill = await entries();
    expect(atKill).toBeLessThan(count); // really mid-stream

    await startWorker({ ACK_WAIT_MS: "1000" });
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(ADVISORY_STREAM, CAPTURE_CONSUMER);
        return info.num_pending === 0 && info.num_ack_pending === 0 && (await entries()) >= count;
      },
      { what: "every advisory processed", timeoutMs: 20_000 },
    );
    await Promise.all(workers.map(stop));

    const origins = await headerValues(nc, OWN_DLQ_STREAM, "switchyard.dlq.*.KILLWQ.>", DLQ_HEADERS.seq);
    const counts = tally(origins);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]); // exactly one entry each
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(originals.map((a) => a.seq));
    expect((await jsm.streams.info("KILLWQ")).state.messages).toBe(0); // every original removed after its copy
    console.log(
      `FAULT Switchyard kill -9 during capture: killed at ${atKill} entries; after the restart ${counts.size} entries for ${count} advisories, twice ${[...counts.values()].filter((n) => n > 1).length}, missing ${originals.filter((a) => !counts.has(a.seq)).length}`,
    );
  }, 60_000);
});
