// The verification a run does after a NATS restart (server_id changed): each entry in the fence is proven delivered,
// proven not delivered, or held in doubt; an operator then decides the doubtful ones. Staged without killing anything:
// an "earlier run" is played by publishing copies and deleting entries by hand, the restart by a foreign server_id.
import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers, nanos } from "@nats-io/transport-node";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import type { Actor } from "@/lib/core/actor";
import { redriveMsgId } from "@/lib/dto/message-headers";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { seedEntries } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";
import { resolveInDoubt } from "./in-doubt";
import { runJob } from "./job";
import { startRedrive } from "./start";
import { planJob } from "./plan-job";
import { RedriveStore } from "./store";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

async function stage(target: string, retention: RetentionPolicy) {
  const consumed = retention === RetentionPolicy.Workqueue;
  const { nc } = suite();
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: target,
    subjects: [`${target.toLowerCase()}.>`],
    retention,
    storage: StorageType.File,
    duplicate_window: nanos(10 * 60_000),
  });
  const seqs = await seedEntries(nc, target, 10);
  const store = await RedriveStore.open(nc);
  const src = { nc, jsm, apiPrefix: "$JS.API" };
  const started = await startRedrive(
    { src, store, poke: () => {}, defaults: { ratePerSecond: 0, afterRedrive: "delete" } },
    { dlq: OWN_DLQ_STREAM, selection: { filter: { stream: target } } },
    actor,
  );
  if (!("job" in started)) throw new Error("expected a job");
  const id = started.job.id;
  expect((await planJob({ src, store, owner: "verifier", leaseMs: 15_000 }, id))?.state).toBe("running");
  // The earlier run, on a server that has restarted since: it fenced positions 0–7 (target empty before), published
  // entries 1–6, removed entry 1 after its PubAck; on a work queue a worker then consumed the copies of 2 and 3.
  const js = jetstream(nc);
  const published: Record<number, number> = {};
  for (const seq of seqs.slice(0, 6)) {
    const h = headers();
    h.set("Nats-Msg-Id", redriveMsgId(OWN_DLQ_STREAM, seq));
    published[seq] = (await js.publish(`${target.toLowerCase()}.job.0`, "copy", { headers: h })).seq;
  }
  await jsm.streams.deleteMessage(OWN_DLQ_STREAM, seqs[0]!);
  if (consumed) {
    await jsm.streams.deleteMessage(target, published[seqs[1]!]!);
    await jsm.streams.deleteMessage(target, published[seqs[2]!]!);
  }
  await store.update(id, (job) => ({
    ...job,
    fence: {
      serverId: "a-server-that-restarted",
      from: 0,
      to: 8,
      at: Date.now(),
      pendingSince: Date.now(),
      targets: { [target]: { seq: 0, leader: null, replicas: 1, dupWindowMs: 600_000 } },
      kept: [],
    },
  }));
  const job = await runJob({ ...src, store, owner: "verifier" }, id);
  // Counted by message id with gets (a work queue takes no second consumer).
  const copies = new Map<number, number>();
  const last = (await jsm.streams.info(target)).state.last_seq;
  for (let s = 1; s <= last; s++) {
    const m = await jsm.streams.getMessage(target, { seq: s });
    const seq = Number(m?.header?.get("Nats-Msg-Id")?.split(":").pop());
    if (m) copies.set(seq, (copies.get(seq) ?? 0) + 1);
  }
  return { seqs, job: job!, store, src, copies };
}

describe("verifying a job's fence after a NATS restart", () => {
  it("a consumed work queue: found copies are delivered, the unprovable are held in doubt until an operator decides", async () => {
    const { seqs, job, store, src, copies } = await stage("VWQ", RetentionPolicy.Workqueue);
    expect(job.state).toBe("done");
    // 1 was removed by the earlier run (moved); 4–6 are in the target (moved without publishing); 9–10 were never
    // fenced (sent); 2–3 (consumed) and 7–8 (the gap means nothing proves they were not sent) are in doubt.
    expect(job.inDoubtSeqs).toEqual([seqs[1], seqs[2], seqs[6], seqs[7]]);
    expect(job.moved).toBe(6);
    expect(job.stateReason).toMatch(/4 entries in doubt: they may already have been delivered/);
    for (const i of [3, 4, 5, 8, 9]) expect(copies.get(seqs[i]!)).toBe(1);
    for (const i of [6, 7]) expect(copies.has(seqs[i]!)).toBe(false); // held, not sent on a guess

    await expect(
      RedriveStore.open(src.nc).then((s) =>
        s.createExclusive({ ...job, id: "rd-other", state: "running", inDoubtSeqs: [] }),
      ),
    ).rejects.toThrow(/holds some of these entries in doubt/);
    await resolveInDoubt(src, store, job.id, { action: "mark", seqs: [seqs[1]!, seqs[2]!] }, actor);
    const after = await resolveInDoubt(src, store, job.id, { action: "send" }, actor);
    expect(after).toMatchObject({ inDoubt: 0, inDoubtSeqs: [], moved: 10, failed: 0 });
    const inDlq: number[] = [];
    await readRange(
      src.nc,
      "$JS.API",
      { stream: OWN_DLQ_STREAM, startSeq: 1, filter: "switchyard.dlq.*.VWQ.>", headersOnly: true },
      (m) => void inDlq.push(m.seq),
    );
    expect(inDlq).toEqual([]);
    await expect(resolveInDoubt(src, store, job.id, { action: "send" }, actor)).rejects.toThrow(
      /no entries in doubt/,
    );
  });

  it("a limits stream keeps every copy: the scan proves each entry either way and nothing is in doubt", async () => {
    const { seqs, job, copies } = await stage("VLIM", RetentionPolicy.Limits);
    expect(job).toMatchObject({ state: "done", moved: 10, failed: 0, skipped: 0 });
    expect(job.inDoubt ?? 0).toBe(0);
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9]) expect(copies.get(seqs[i]!)).toBe(1);
  });
});
