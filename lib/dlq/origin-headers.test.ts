import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import type { Actor } from "@/lib/core/actor";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import { AppDlqIndex } from "@/lib/dlq/capture";
import { browse, entryDetail } from "@/lib/dlq/browse";
import {
  DEFAULT_ORIGIN_HEADERS,
  originHeadersFor,
  OWN_DLQ_STREAM,
  type OriginHeaderConfig,
  type Source,
} from "@/lib/dlq/entries";
import { RedriveRunner, startRedrive } from "@/lib/dlq/redrive";
import { createTarget } from "@/lib/dlq/testing";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

/** An application that writes its own dead letters with its own header names (not X-Dlq-*). */
const ORDERS: OriginHeaderConfig = {
  "*": { reason: "X-Error" },
  ORDERS_DLQ: {
    stream: "X-Original-Stream",
    subject: "X-Original-Subject",
    seq: "X-Original-Seq",
    consumer: "X-Consumer",
    deliveries: "X-Attempts",
    time: "X-Failed-At",
  },
};

describe("origin header mapping (deadLetterHeaders)", () => {
  it('resolves per stream over "*" over X-Dlq-*, and never for Switchyard\'s own stream', () => {
    expect(originHeadersFor(undefined, "ORDERS_DLQ")).toEqual(DEFAULT_ORIGIN_HEADERS);
    expect(originHeadersFor(ORDERS, OWN_DLQ_STREAM)).toEqual(DEFAULT_ORIGIN_HEADERS);
    expect(originHeadersFor(ORDERS, "OTHER_DLQ")).toEqual({ ...DEFAULT_ORIGIN_HEADERS, reason: "X-Error" });
    expect(originHeadersFor(ORDERS, "ORDERS_DLQ")).toMatchObject({
      subject: "X-Original-Subject",
      reason: "X-Error",
      seq: "X-Original-Seq",
    });
  });

  it("browses, redrives and de-duplicates capture for an application DLQ with its own header names", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "ORDERS_DLQ", subjects: ["deadorders.>"], storage: StorageType.File });
    await createTarget(nc, "ORDERS");
    const js = jetstream(nc);
    for (let i = 1; i <= 3; i++) {
      const h = headers();
      h.set("X-Original-Stream", "ORDERS");
      h.set("X-Original-Subject", `orders.place.${i}`);
      h.set("X-Original-Seq", String(100 + i));
      h.set("X-Consumer", "placer");
      h.set("X-Attempts", "4");
      h.set("X-Error", "card declined");
      h.set("X-Failed-At", "2026-11-26T12:00:00Z");
      h.set("Conversation-Id", `conv-${i}`);
      await js.publish(`deadorders.${i}`, JSON.stringify({ order: i }), { headers: h });
    }
    const plain: Source = { nc, jsm, apiPrefix: "$JS.API" };
    const mapped: Source = { ...plain, originHeaders: ORDERS };

    const unmapped = await browse(plain, "ORDERS_DLQ", {}, undefined, 10);
    expect(unmapped.entries[0]!.origin.subject).toBeNull(); // X-Dlq-* only: the origin is unknown
    const page = await browse(
      mapped,
      "ORDERS_DLQ",
      { subject: "orders.place.*", reason: undefined },
      undefined,
      10,
    );
    expect(page.entries.map((e) => e.origin)).toContainEqual({
      stream: "ORDERS",
      subject: "orders.place.2",
      seq: 102,
      consumer: "placer",
      deliveries: 4,
      reason: "card declined",
      time: "2026-11-26T12:00:00Z",
    });
    expect((await entryDetail(mapped, "ORDERS_DLQ", 1)).origin.subject).toBe("orders.place.1");

    // Capture does not make a second entry for what the application dead-lettered itself.
    const index = new AppDlqIndex(nc, jsm, "$JS.API", undefined, ORDERS);
    await index.catchUp(["ORDERS_DLQ"]);
    expect(index.has("ORDERS", 101) && index.has("ORDERS", 103)).toBe(true);
    expect(index.has("ORDERS", 104)).toBe(false);

    // Redrive goes to the mapped original subject and leaves the application's origin headers behind.
    const runner = new RedriveRunner({
      connection: () => nc,
      manager: () => jetstreamManager(nc),
      apiPrefix: "$JS.API",
      originHeaders: ORDERS,
    }).start();
    const store = await runner.jobStore();
    const started = await startRedrive(
      {
        src: mapped,
        store,
        poke: () => runner.poke(),
        defaults: { ratePerSecond: 0, afterRedrive: "delete" },
      },
      { dlq: "ORDERS_DLQ", selection: { seqs: [1, 2, 3] } },
      actor,
    );
    if (!("job" in started)) throw new Error("expected a job");
    const done = await waitFor(
      async () => {
        const j = (await store.get(started.job.id))?.job;
        return j?.state === "done" ? j : undefined;
      },
      { what: "job done" },
    );
    await runner.stop();
    expect(done).toMatchObject({ moved: 3, failed: 0 });
    const copy = await jsm.streams.getMessage("ORDERS", { last_by_subj: "orders.place.2" });
    expect(JSON.parse(new TextDecoder().decode(copy!.data))).toEqual({ order: 2 });
    expect(copy!.header.get("Conversation-Id")).toBe("conv-2");
    for (const gone of ["X-Original-Subject", "X-Original-Seq", "X-Error", "X-Attempts", DLQ_HEADERS.subject])
      expect(copy!.header.get(gone)).toBe("");
    expect((await jsm.streams.info("ORDERS_DLQ")).state.messages).toBe(0);
  });
});
