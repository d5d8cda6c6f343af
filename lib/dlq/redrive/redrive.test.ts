import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { redriveRequestSchema, type AfterRedrive } from "@/lib/dto/dead-letters";
import { redriveMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { jetstream } from "@nats-io/jetstream";
import { OWN_DLQ_STREAM, type Source } from "@/lib/dlq/entries";
import { controlJob } from "./job-control";
import { shouldAutoPause } from "./job";
import { RedriveRunner } from "./runner";
import { startRedrive } from "./start";
import { RedriveStore } from "./store";
import { createTarget, seedEntries } from "@/lib/dlq/testing";
import { discard } from "@/lib/dlq/discard";
import { browse, entryDetail } from "@/lib/dlq/browse";
import { readRange } from "@/lib/nats/stream-reader";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: "127.0.0.1", via: "none" };

async function source(): Promise<Source> {
  return { nc: suite().nc, jsm: await jetstreamManager(suite().nc), apiPrefix: "$JS.API" };
}

function runner(options: { leaseMs?: number; chunk?: number } = {}) {
  const nc = suite().nc;
  return new RedriveRunner({
    connection: () => nc,
    manager: () => jetstreamManager(nc),
    apiPrefix: "$JS.API",
    ...options,
  }).start();
}

async function deps(r: RedriveRunner, ratePerSecond = 0, afterRedrive: AfterRedrive = "delete") {
  return {
    src: await source(),
    store: await r.jobStore(),
    poke: () => r.poke(),
    defaults: { ratePerSecond, afterRedrive },
  };
}

/** Starts a job and waits until it is done. */
async function redriveAll(d: Awaited<ReturnType<typeof deps>>, selection: { seqs: number[] }) {
  const started = await startRedrive(d, { dlq: OWN_DLQ_STREAM, selection }, actor);
  if (!("job" in started)) throw new Error("expected a job");
  return waitFor(
    async () => {
      const j = (await d.store.get(started.job.id))?.job;
      return j?.state === "done" ? j : undefined;
    },
    { what: "job done", timeoutMs: 20_000 },
  );
}

/** Nats-Msg-Ids of the messages in a target stream. */
async function targetMsgIds(target: string): Promise<string[]> {
  const ids: string[] = [];
  await readRange(
    suite().nc,
    "$JS.API",
    { stream: target, startSeq: 1, headersOnly: true },
    (m) => void ids.push(m.header?.get("Nats-Msg-Id") ?? ""),
  );
  return ids;
}

/** Origin DLQ seqs of the messages in a target stream, from their Nats-Msg-Id. */
async function redrivenSeqs(target: string): Promise<number[]> {
  const seqs: number[] = [];
  await readRange(suite().nc, "$JS.API", { stream: target, startSeq: 1 }, (m) => {
    seqs.push(Number(m.header?.get("Nats-Msg-Id")?.split(":").pop()));
  });
  return seqs.sort((a, b) => a - b);
}

async function dlqSeqs(filter: string): Promise<number[]> {
  const seqs: number[] = [];
  await readRange(
    suite().nc,
    "$JS.API",
    { stream: OWN_DLQ_STREAM, startSeq: 1, filter, headersOnly: true },
    (m) => void seqs.push(m.seq),
  );
  return seqs;
}

const filterFor = (target: string) => `switchyard.dlq.*.${target}.>`;

describe("redrive jobs", () => {
  it("dry run counts, samples and warns; a job moves every entry exactly once and deletes it after the PubAck", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTA");
    const seqs = await seedEntries(nc, "TGTA", 500);
    const r = runner();
    const d = await deps(r);
    const dry = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: "TGTA" } }, dryRun: true },
      actor,
    );
    expect("plan" in dry && dry.plan.count).toBe(500);
    expect("plan" in dry && dry.plan.samples.length).toBe(5);
    expect("plan" in dry && dry.plan.perTarget.map((t) => [t.target, t.count, t.stream])).toContainEqual([
      "tgta.job.0",
      125,
      "TGTA",
    ]);
    expect("plan" in dry && dry.plan.warnings.join(" ")).toMatch(/No consumer of TGTA reads/);
    const noStream = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { seqs: seqs.slice(0, 3) }, target: "nowhere.at.all", dryRun: true },
      actor,
    );
    expect("plan" in noStream && noStream.plan.warnings.join(" ")).toMatch(
      /No stream captures nowhere.at.all/,
    );
    // Some entries were already published by a run that crashed before deleting them: the target de-duplicates.
    for (const seq of seqs.slice(0, 20)) {
      const m = await d.src.jsm.streams.getMessage(OWN_DLQ_STREAM, { seq });
      await jetstream(nc).publish(m!.header.get("X-Dlq-Subject"), m!.data, {
        msgID: redriveMsgId(OWN_DLQ_STREAM, seq),
      });
    }
    const started = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: "TGTA" } } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const store = await r.jobStore();
    const done = await waitFor(
      async () => {
        const j = (await store.get(started.job.id))?.job;
        return j?.state === "done" ? j : undefined;
      },
      { what: "job done" },
    );
    await r.stop();
    expect(done).toMatchObject({ total: 500, moved: 500, failed: 0, done: 500 });
    expect(await redrivenSeqs("TGTA")).toEqual(seqs);
    expect(await dlqSeqs(filterFor("TGTA"))).toEqual([]);
    const one = await d.src.jsm.streams.getMessage("TGTA", { seq: 30 });
    expect(one!.header.get(REDRIVE_HEADERS.count)).toBe("1");
    expect(one!.header.get("X-Dlq-Stream")).toBe("");
  });

  it("a runner that dies mid-job is replaced: every entry ends in the DLQ or the target exactly once", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTB");
    const seqs = await seedEntries(nc, "TGTB", 2000);
    const first = runner({ leaseMs: 1000, chunk: 100 });
    const d = await deps(first);
    const started = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: "TGTB" } } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const store = await first.jobStore();
    await waitFor(async () => ((await store.get(started.job.id))?.job.done ?? 0) >= 300, {
      what: "some progress",
    });
    await first.crash(); // like kill -9 between chunks: the lease stays until it expires
    const mid = (await store.get(started.job.id))!.job;
    expect(mid.state).toBe("running");
    const second = runner({ chunk: 100 });
    const done = await waitFor(
      async () => {
        const j = (await store.get(started.job.id))?.job;
        return j?.state === "done" ? j : undefined;
      },
      { what: "resumed job done", timeoutMs: 20_000 },
    );
    await second.stop();
    expect(done.owner).toBeNull();
    const inTarget = await redrivenSeqs("TGTB");
    const inDlq = await dlqSeqs(filterFor("TGTB"));
    expect(new Set(inTarget).size).toBe(inTarget.length); // never twice
    expect([...inTarget, ...inDlq].sort((a, b) => a - b)).toEqual(seqs); // never lost
  });

  it("rate limit, 409 on overlapping jobs, cancel stops without reverting, discard needs the count", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTC");
    const seqs = await seedEntries(nc, "TGTC", 300);
    const r = runner({ chunk: 10 });
    const d = await deps(r, 50);
    const started = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { seqs: seqs.slice(0, 200) } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const conflict = await startRedrive(
      d,
      { dlq: OWN_DLQ_STREAM, selection: { seqs: seqs.slice(150, 250) } },
      actor,
    ).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AppError);
    expect((conflict as AppError).status).toBe(409);
    expect((conflict as AppError).message).toContain(started.job.id);
    const t0 = Date.now();
    const store = await r.jobStore();
    await waitFor(async () => ((await store.get(started.job.id))?.job.moved ?? 0) >= 100, {
      what: "100 moved",
    });
    const elapsed = (Date.now() - t0) / 1000;
    expect(elapsed).toBeGreaterThan(0.9); // 50/s with a 50-message burst: 100 takes about a second
    const cancelled = await controlJob(d.src, store, started.job.id, "cancel", actor, () => {});
    expect(cancelled.state).toBe("cancelled");
    await waitFor(async () => (await store.get(started.job.id))?.job.owner === null, {
      what: "runner lets go",
    });
    await r.stop();
    const final = (await store.get(started.job.id))!.job;
    const inTarget = await redrivenSeqs("TGTC");
    expect(inTarget.length).toBe(final.moved);
    expect(final.moved).toBeLessThan(200);
    expect((await dlqSeqs(filterFor("TGTC"))).length).toBe(300 - final.moved);
    // Now that the job is over, its remaining entries can be taken by another job or discarded.
    const bulk = await discard(d.src, store, OWN_DLQ_STREAM, { seqs: seqs.slice(250) }, 1, actor).catch(
      (e: unknown) => e,
    );
    expect((bulk as AppError).message).toMatch(/count typed to confirm: 50 entries/);
    expect(await discard(d.src, store, OWN_DLQ_STREAM, { seqs: seqs.slice(250) }, 50, actor)).toEqual({
      discarded: 50,
      missing: 0,
    });
    const unknown = await discard(
      d.src,
      store,
      OWN_DLQ_STREAM,
      { seqs: [seqs[299]!] },
      undefined,
      actor,
    ).catch((e: unknown) => e);
    expect((unknown as AppError).status).toBe(404);
  });

  it("a selection with gaps moves exactly the selected entries and leaves the others", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTE");
    const seqs = await seedEntries(nc, "TGTE", 100);
    const odd = seqs.filter((_, i) => i % 2 === 1);
    const r = runner({ chunk: 16 });
    const d = await deps(r);
    const started = await startRedrive(d, { dlq: OWN_DLQ_STREAM, selection: { seqs: odd } }, actor);
    if (!("job" in started)) throw new Error("expected a job");
    const store = await r.jobStore();
    await waitFor(async () => (await store.get(started.job.id))?.job.state === "done", { what: "job done" });
    await r.stop();
    expect(await redrivenSeqs("TGTE")).toEqual(odd);
    expect(await dlqSeqs(filterFor("TGTE"))).toEqual(seqs.filter((_, i) => i % 2 === 0));
  });

  it("keep: entries stay and are marked; a later redrive sends new copies, counts the earlier ones, and survives a crash", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTK");
    const seqs = await seedEntries(nc, "TGTK", 300);
    const keeper = runner({ chunk: 100 });
    const keep = await deps(keeper, 0, "keep");
    const first = await redriveAll(keep, { seqs });
    expect(first).toMatchObject({ total: 300, moved: 300, failed: 0 });
    expect(await dlqSeqs(filterFor("TGTK"))).toEqual(seqs); // kept
    const page = await browse(keep.src, OWN_DLQ_STREAM, { stream: "TGTK" }, undefined, 500);
    expect(
      page.entries.every(
        (e) =>
          e.redriven?.count === 1 &&
          e.redriven.lastJob === first.id &&
          e.redriven.lastTarget.startsWith("tgtk.job.") &&
          e.redriveCount === 1,
      ),
    ).toBe(true);
    expect((await entryDetail(keep.src, OWN_DLQ_STREAM, seqs[0]!)).redriven).toMatchObject({
      count: 1,
      lastJob: first.id,
    });

    // Again: the dry run says so, and the copies are new messages (not swallowed by the target's duplicate window).
    const dry = await startRedrive(keep, { dlq: OWN_DLQ_STREAM, selection: { seqs }, dryRun: true }, actor);
    expect("plan" in dry && dry.plan.warnings.join(" ")).toMatch(/300 entries were redriven before and kept/);
    expect("plan" in dry && dry.plan.samples[0]!.redriven?.count).toBe(1);
    const second = await redriveAll(keep, { seqs });
    expect(second).toMatchObject({ moved: 300, failed: 0 });
    await keeper.stop();
    const ids = await targetMsgIds("TGTK");
    expect(ids.length).toBe(600);
    expect(ids.filter((id) => id.startsWith("redrive-2:")).length).toBe(300);
    const copy = await keep.src.jsm.streams.getMessage("TGTK", { seq: 301 });
    expect(copy!.header.get(REDRIVE_HEADERS.count)).toBe("2");

    // A third round whose runner dies mid-job: resumed, every entry goes out exactly once more and is marked once more.
    const dying = runner({ chunk: 50, leaseMs: 500 });
    const d3 = await deps(dying, 0, "keep");
    const started = await startRedrive(d3, { dlq: OWN_DLQ_STREAM, selection: { seqs } }, actor);
    if (!("job" in started)) throw new Error("expected a job");
    await waitFor(async () => ((await d3.store.get(started.job.id))?.job.done ?? 0) >= 50, {
      what: "some progress",
      intervalMs: 5,
    });
    await dying.crash();
    const resumer = runner({ chunk: 50 });
    await waitFor(async () => (await d3.store.get(started.job.id))?.job.state === "done", {
      what: "resumed keep job done",
      timeoutMs: 20_000,
    });
    const third = (await targetMsgIds("TGTK")).filter((id) => id.startsWith("redrive-3:"));
    expect(third.length).toBe(300);
    expect(new Set(third).size).toBe(300);
    const marked = await browse(keep.src, OWN_DLQ_STREAM, { stream: "TGTK" }, undefined, 500);
    expect(marked.entries.map((e) => e.redriven?.count)).toEqual(seqs.map(() => 3));

    // Loop guard: the dry run flags them; a delete-mode redrive sends round 4 (count 4) and removes them.
    const d4 = await deps(resumer);
    const dry4 = await startRedrive(d4, { dlq: OWN_DLQ_STREAM, selection: { seqs }, dryRun: true }, actor);
    expect("plan" in dry4 && dry4.plan.warnings.join(" ")).toMatch(
      /300 entries were already redriven 3 or more times/,
    );
    await redriveAll(d4, { seqs });
    await resumer.stop();
    expect(await dlqSeqs(filterFor("TGTK"))).toEqual([]);
    const last = await keep.src.jsm.streams.getMessage("TGTK", { last_by_subj: "tgtk.job.0" });
    expect(last!.header.get("Nats-Msg-Id")).toMatch(/^redrive-4:/);
    expect(last!.header.get(REDRIVE_HEADERS.count)).toBe("4");
  });

  it.each(["$JS.API.STREAM.LIST", "$SYS.REQ.SERVER.PING", "tools.*", "tools.>", "", "a..b", "has space"])(
    "refuses target %j",
    (target) => {
      expect(
        redriveRequestSchema.safeParse({ dlq: OWN_DLQ_STREAM, selection: { seqs: [1] }, target }).success,
      ).toBe(false);
    },
  );

  it("refuses an empty selection", () => {
    expect(redriveRequestSchema.safeParse({ dlq: OWN_DLQ_STREAM, selection: { seqs: [] } }).success).toBe(
      false,
    );
  });

  it("loop guard: pauses when redriven messages come back", () => {
    expect(shouldAutoPause(0, 100)).toBe(false);
    expect(shouldAutoPause(3, 10)).toBe(true);
    expect(shouldAutoPause(3, 100)).toBe(false);
    expect(shouldAutoPause(20, 100)).toBe(true);
  });

  it("a job auto-pauses when its messages dead-letter again", async () => {
    const { nc } = suite();
    await createTarget(nc, "TGTD");
    const seqs = await seedEntries(nc, "TGTD", 40);
    const r = runner({ chunk: 5 });
    const d = await deps(r, 20);
    const started = await startRedrive(d, { dlq: OWN_DLQ_STREAM, selection: { seqs } }, actor);
    if (!("job" in started)) throw new Error("expected a job");
    const store = await r.jobStore();
    for (let i = 0; i < 5; i++) await store.addReturned(started.job.id); // what capture reports for X-Redrive-Job
    const paused = await waitFor(
      async () => {
        const j = (await store.get(started.job.id))?.job;
        return j?.state === "paused" ? j : undefined;
      },
      { what: "auto-pause" },
    );
    await r.stop();
    expect(paused.stateReason).toMatch(/loop guard/);
    expect(paused.moved).toBeLessThan(40);
  });
});

void RedriveStore;
