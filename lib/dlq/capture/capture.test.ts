import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { deadLetterMsgId, DLQ_HEADERS } from "@/lib/dto/message-headers";
import { DeadLetterCapture } from "./capture";
import { OWN_DLQ_STREAM } from "@/lib/dlq/entries";
import { advisoryCount, createWorkQueue, publishJobs, work } from "@/lib/dlq/testing";
import { readRange } from "@/lib/nats/stream-reader";

const suite = useNatsServer();

function capture(keep: string[] = []) {
  return new DeadLetterCapture({
    connection: () => suite().nc,
    apiPrefix: "$JS.API",
    configuredDlqStreams: [],
    keepOriginalStreams: keep,
  }).start();
}

async function entries(filter?: string) {
  const all: { seq: number; origin: string; lost: string | undefined; subject: string; data: string }[] = [];
  await readRange(suite().nc, "$JS.API", { stream: OWN_DLQ_STREAM, startSeq: 1, filter }, (m) => {
    all.push({
      seq: m.seq,
      origin: `${m.header?.get(DLQ_HEADERS.stream)}:${m.header?.get(DLQ_HEADERS.seq)}`,
      lost: m.header?.get(DLQ_HEADERS.payloadLost) || undefined,
      subject: m.subject,
      data: new TextDecoder().decode(m.data),
    });
  });
  return all;
}

describe("dead-letter capture", () => {
  it("makes exactly one entry per max-deliveries and terminated advisory, and removes work-queue originals", async () => {
    const { nc } = suite();
    const f = await createWorkQueue(nc, "CAPA");
    const seqs = await publishJobs(nc, f, 20);
    const c = capture();
    // Even jobs are terminated, odd ones NAKed until max deliveries (2.9: needs an outstanding pull to fire).
    await work(
      nc,
      f,
      (m) => (m.seq % 2 === 0 ? "term" : "nak"),
      async () => (await entries("switchyard.dlq.*.CAPA.>")).length >= 20,
    );
    await c.stop();
    const all = await entries("switchyard.dlq.*.CAPA.>");
    expect(all.map((e) => e.origin).sort()).toEqual(seqs.map((s) => `CAPA:${s}`).sort());
    expect(new Set(all.map((e) => e.origin)).size).toBe(20);
    // A work queue removes a terminated message at once (term counts as an ack): its entry can only say "payload lost".
    // That is why applications copy a message to their own DLQ before terminating it.
    expect(
      all.filter((e) => e.subject === "switchyard.dlq.terminated.CAPA.workers._lost" && e.lost === "true")
        .length,
    ).toBe(10);
    const maxed = all.filter((e) =>
      e.subject.startsWith("switchyard.dlq.max_deliveries.CAPA.workers.capa.job."),
    );
    expect(maxed.length).toBe(10);
    expect(JSON.parse(maxed[0]!.data)).toHaveProperty("n");
    const jsm = await jetstreamManager(nc);
    await waitFor(async () => (await jsm.streams.info("CAPA")).state.messages === 0, {
      what: "originals removed",
    });
    expect(await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.CAPA.*")).toBe(10);
    expect(await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.CAPA.*")).toBe(10);
    // Nats-* headers of the original never reach the entry.
    const stored = await jsm.streams.getMessage(OWN_DLQ_STREAM, { seq: maxed[0]!.seq });
    expect(
      [...stored!.header]
        .map(([k]) => k)
        .filter((k) => k.toLowerCase().startsWith("nats-") && k !== "Nats-Msg-Id"),
    ).toEqual([]);
    expect(stored!.header.get("Conversation-Id")).toMatch(/^conv-/);
  });

  it("keeps originals of streams configured to keep, and records lost payloads", async () => {
    const { nc } = suite();
    const f = await createWorkQueue(nc, "CAPB");
    const [keep, lost] = await publishJobs(nc, f, 2);
    // Advisories are stored while no capture runs (Switchyard down); then one original disappears.
    await work(
      nc,
      f,
      () => "nak",
      async () => (await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.CAPB.*")) >= 2,
    );
    const jsm = await jetstreamManager(nc);
    await jsm.streams.deleteMessage("CAPB", lost!);
    const c = capture(["CAPB"]);
    await waitFor(async () => (await entries("switchyard.dlq.*.CAPB.>")).length === 2, {
      what: "two CAPB entries",
    });
    await c.stop();
    const all = await entries("switchyard.dlq.*.CAPB.>");
    expect(all.find((e) => e.origin === `CAPB:${lost}`)).toMatchObject({ lost: "true", data: "" });
    expect(all.find((e) => e.origin === `CAPB:${keep}`)?.lost).toBeUndefined();
    expect((await jsm.streams.getMessage("CAPB", { seq: keep! }))?.seq).toBe(keep);
  });

  it("does not capture again what the application dead-lettered itself before terminating", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: "APP_DEAD_LETTERS",
      subjects: ["appdead.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
    });
    const f = await createWorkQueue(nc, "CAPC");
    await publishJobs(nc, f, 6);
    const c = capture();
    const js = jetstream(nc);
    await work(
      nc,
      f,
      async (m): Promise<"term"> => {
        if (m.seq % 2 === 0) {
          const h = headers();
          h.set(DLQ_HEADERS.stream, "CAPC");
          h.set(DLQ_HEADERS.seq, String(m.seq));
          await js.publish(`appdead.${m.subject}`, m.data, {
            headers: h,
            msgID: deadLetterMsgId("CAPC", m.seq),
          });
        }
        return "term";
      },
      async () => (await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.CAPC.*")) >= 6,
    );
    await waitFor(() => c.stats.captured + c.stats.appAlreadyDeadLettered >= 6 || undefined, {
      what: "six advisories processed",
    });
    await c.stop();
    expect((await entries("switchyard.dlq.*.CAPC.>")).length).toBe(3);
    expect(c.stats.appAlreadyDeadLettered).toBe(3);
  });

  it("two replicas and a restart mid-way still give exactly one entry per advisory", async () => {
    const { nc } = suite();
    const f = await createWorkQueue(nc, "CAPD");
    const seqs = await publishJobs(nc, f, 300);
    await work(
      nc,
      f,
      () => "term",
      async () => (await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.CAPD.*")) >= 300,
    );
    const first = capture();
    const second = capture();
    await waitFor(async () => (await entries("switchyard.dlq.*.CAPD.>")).length >= 50, {
      what: "some entries",
    });
    await first.stop(); // a replica goes away mid-way; its unacked advisories are redelivered
    const third = capture();
    await waitFor(async () => (await entries("switchyard.dlq.*.CAPD.>")).length >= 300, {
      what: "all entries",
    });
    await Promise.all([second.stop(), third.stop()]);
    const all = await entries("switchyard.dlq.*.CAPD.>");
    expect(all.length).toBe(300);
    expect(new Set(all.map((e) => e.origin))).toEqual(new Set(seqs.map((s) => `CAPD:${s}`)));
  });
});
