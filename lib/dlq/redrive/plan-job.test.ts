// A job is stored in "planning" at once and planned in the background: explicit sequences are claimed by the POST,
// a filter once planned (failing with the reason if another job took some of its entries meanwhile); planning that
// stops (a crash, a cancel) is resumed or ended cleanly.
import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { countRanges, OWN_DLQ_STREAM, type Source } from "@/lib/dlq/entries";
import { createTarget, seedEntries } from "@/lib/dlq/testing";
import { controlJob } from "./job-control";
import { planJob } from "./plan-job";
import { startRedrive } from "./start";
import { RedriveStore, toJobDto } from "./store";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: "127.0.0.1", via: "none" };

async function setup() {
  const nc = suite().nc;
  const src: Source = { nc, jsm: await jetstreamManager(nc), apiPrefix: "$JS.API" };
  const store = await RedriveStore.open(nc);
  // No runner: the test plans by hand, so it sees every state.
  const deps = {
    src,
    store,
    poke: () => {},
    defaults: { ratePerSecond: 0, afterRedrive: "delete" as const },
  };
  return { src, store, deps };
}

async function start(deps: Awaited<ReturnType<typeof setup>>["deps"], selection: object) {
  const started = await startRedrive(
    deps,
    { dlq: OWN_DLQ_STREAM, selection: selection as { seqs: number[] } },
    actor,
  );
  if (!("job" in started)) throw new Error("expected a job");
  return started.job;
}

describe("redrive planning in the background", () => {
  it("explicit sequences: stored in planning holding them at once (409 for a second job), then planned to what exists", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLANA");
    const seqs = await seedEntries(src.nc, "PLANA", 300);
    await src.jsm.streams.deleteMessage(OWN_DLQ_STREAM, seqs[10]!);
    const job = await start(deps, { seqs });
    expect(job).toMatchObject({
      state: "planning",
      total: 0,
      planning: { examined: 0, of: 300, selected: 0 },
    });
    // Claimed by the POST itself: the same entries again are refused while the first job is still planning.
    const second = await startRedrive(
      deps,
      { dlq: OWN_DLQ_STREAM, selection: { seqs: [seqs[5]!] } },
      actor,
    ).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("conflict");
    expect((second as AppError).message).toContain(job.id);

    const planned = await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, job.id);
    expect(planned).toMatchObject({ state: "running", total: 299, done: 0, owner: "p1" });
    expect(countRanges(planned!.ranges)).toBe(299);
    expect(toJobDto(planned!, 0).planning).toBeNull();
  });

  it("a filter: claims once planned, and fails with a clear reason when another job took some of its entries meanwhile", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLANB");
    const seqs = await seedEntries(src.nc, "PLANB", 200);
    const byFilter = await start(deps, { filter: { stream: "PLANB" } });
    expect(byFilter.state).toBe("planning");
    // The filter holds nothing yet: a job over explicit entries it will select is accepted…
    const explicit = await start(deps, { seqs: seqs.slice(0, 3) });
    // …and the filter job, once planned, finds them taken: it fails and sends nothing.
    const failed = await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, byFilter.id);
    expect(failed?.state).toBe("failed");
    expect(failed?.stateReason).toMatch(/^conflict: redrive job .* already holds some of these entries/);
    expect(failed?.stateReason).toContain(explicit.id);
    expect(failed?.moved).toBe(0);
    // The explicit job is unaffected and plans to its three entries.
    expect(await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, explicit.id)).toMatchObject({
      state: "running",
      total: 3,
    });
  });

  it("a filter's snapshot is the stream as the POST saw it: entries arriving while planning are not in the job", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLANC");
    await seedEntries(src.nc, "PLANC", 50);
    const job = await start(deps, { filter: { stream: "PLANC" } });
    await seedEntries(src.nc, "PLANC", 20);
    const planned = await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, job.id);
    expect(planned).toMatchObject({ state: "running", total: 50 });
  });

  it("planning interrupted like kill -9 is planned again by another owner once the lease is over; a release hands it back at once", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLAND");
    await seedEntries(src.nc, "PLAND", 500);
    const job = await start(deps, { filter: { stream: "PLAND" } });
    let reads = 0;
    const crashed = await planJob(
      { src, store, owner: "p1", leaseMs: 0, interrupted: () => (++reads > 100 ? "crash" : undefined) },
      job.id,
    );
    expect(crashed).toBeUndefined();
    const held = (await store.get(job.id))!.job;
    expect(held).toMatchObject({ state: "planning", owner: "p1" });
    // p1's lease (0 ms) is over: p2 plans from the start and ends with the whole selection.
    expect(await planJob({ src, store, owner: "p2", leaseMs: 15_000 }, job.id)).toMatchObject({
      state: "running",
      total: 500,
      owner: "p2",
    });

    const other = await start(deps, { filter: { stream: "PLAND" } });
    reads = 0;
    await planJob(
      {
        src,
        store,
        owner: "p3",
        leaseMs: 15_000,
        interrupted: () => (++reads > 100 ? "release" : undefined),
      },
      other.id,
    );
    expect((await store.get(other.id))!.job).toMatchObject({ state: "planning", owner: null, leaseUntil: 0 });
  });

  it("a job cancelled while planning stops and never runs", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLANE");
    await seedEntries(src.nc, "PLANE", 100);
    const job = await start(deps, { filter: { stream: "PLANE" } });
    const cancelled = await controlJob(src, store, job.id, "cancel", actor, () => {});
    expect(cancelled.state).toBe("cancelled");
    expect(await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, job.id)).toMatchObject({
      state: "cancelled",
      total: 0,
      moved: 0,
    });
  });

  it("nothing left to redrive: the job fails with the reason (the POST no longer reads the entries)", async () => {
    const { src, store, deps } = await setup();
    await createTarget(src.nc, "PLANF");
    const seqs = await seedEntries(src.nc, "PLANF", 2);
    for (const seq of seqs) await src.jsm.streams.deleteMessage(OWN_DLQ_STREAM, seq);
    const job = await start(deps, { seqs });
    expect(await planJob({ src, store, owner: "p1", leaseMs: 15_000 }, job.id)).toMatchObject({
      state: "failed",
      stateReason: "nothing to redrive: no selected entry is in the stream any more",
    });
  });
});
