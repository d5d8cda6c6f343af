import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { DLQ_HEADERS } from "@/lib/dto/message-headers";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { browse } from "./browse";
import { OWN_DLQ_STREAM, type Source } from "@/lib/dlq/entries";
import { encodeCursor } from "./cursor";
import { editAndRedrive } from "@/lib/dlq/redrive";
import { entryDetail } from "./entry-detail";
import { summarize } from "./summary";
import { revealDisclosure } from "@/lib/masking/for-actor";
import { createTarget, seedEntries } from "@/lib/dlq/testing";

const suite = useNatsServer();
const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };

async function source(): Promise<Source> {
  return { nc: suite().nc, jsm: await jetstreamManager(suite().nc), apiPrefix: "$JS.API" };
}

describe("browse", () => {
  it("pages newest first, and an older page stays the same while new entries arrive", async () => {
    const src = await source();
    const seqs = await seedEntries(src.nc, "BRA", 130, { subjects: 2 });
    const first = await browse(src, OWN_DLQ_STREAM, { stream: "BRA" }, undefined, 50);
    expect(first.entries.map((e) => e.seq)).toEqual(seqs.slice(-50).reverse());
    const secondBefore = await browse(src, OWN_DLQ_STREAM, { stream: "BRA" }, first.nextCursor!, 50);
    await seedEntries(src.nc, "BRA", 10, { subjects: 2 }).catch(() => undefined); // same msg ids: de-duplicated, nothing new
    await seedEntries(src.nc, "BRA2", 10);
    const secondAfter = await browse(src, OWN_DLQ_STREAM, { stream: "BRA" }, first.nextCursor!, 50);
    expect(secondAfter.entries.map((e) => e.seq)).toEqual(secondBefore.entries.map((e) => e.seq));
    expect(secondAfter.entries.map((e) => e.seq)).toEqual(seqs.slice(30, 80).reverse());
    const third = await browse(src, OWN_DLQ_STREAM, { stream: "BRA" }, secondAfter.nextCursor!, 50);
    expect(third.entries.map((e) => e.seq)).toEqual(seqs.slice(0, 30).reverse());
    expect(third.nextCursor).toBeNull();
  });

  it("filters by wildcard subject, reason, conversation and payload text", async () => {
    const src = await source();
    await seedEntries(src.nc, "BRB", 70, { subjects: 7 });
    const bySubject = await browse(src, OWN_DLQ_STREAM, { subject: "brb.job.3" }, undefined, 100);
    expect(bySubject.entries).toHaveLength(10);
    expect(bySubject.entries.every((e) => e.origin.subject === "brb.job.3")).toBe(true);
    expect((await browse(src, OWN_DLQ_STREAM, { subject: "brb.*.*" }, undefined, 100)).entries).toHaveLength(
      70,
    );
    expect(
      (await browse(src, OWN_DLQ_STREAM, { stream: "BRB", reason: "terminated" }, undefined, 100)).entries,
    ).toHaveLength(0);
    expect(
      (await browse(src, OWN_DLQ_STREAM, { stream: "BRB", conversation: "conv-2" }, undefined, 100)).entries,
    ).toHaveLength(10);
    const text = await browse(src, OWN_DLQ_STREAM, { stream: "BRB", text: '"i":42,' }, undefined, 100);
    expect(text.entries.map((e) => e.origin.seq)).toEqual([43]);
    const summary = await summarize(src, OWN_DLQ_STREAM, { stream: "BRB" });
    expect(summary.complete).toBe(true);
    expect(summary.bySubject).toContainEqual({ key: "brb.job.3", count: 10 });
    expect(summary.byReason).toEqual([{ key: "max_deliveries", count: 70 }]);
  });

  it("browses a DLQ stream an application writes, by its X-Dlq-* headers", async () => {
    const src = await source();
    await src.jsm.streams.add({ name: "APP_DLQ", subjects: ["appdlq.>"], storage: StorageType.File });
    const js = jetstream(src.nc);
    for (let i = 0; i < 12; i++) {
      const h = headers();
      h.set(DLQ_HEADERS.subject, `tools.execute.${i % 2 ? "a" : "b"}`);
      h.set(DLQ_HEADERS.stream, "TOOLS");
      h.set(DLQ_HEADERS.reason, "permanent error: bad args");
      await js.publish(`appdlq.x`, JSON.stringify({ i }), { headers: h });
    }
    const page = await browse(src, "APP_DLQ", { subject: "tools.execute.a", reason: "other" }, undefined, 50);
    // The application's own words are "other", not "terminated".
    expect(page.entries).toHaveLength(6);
    const summary = await summarize(src, "APP_DLQ", {});
    expect(summary.bySubject).toEqual([
      { key: "tools.execute.a", count: 6 },
      { key: "tools.execute.b", count: 6 },
    ]);
  });

  it("refuses stale and foreign cursors with 422", async () => {
    const src = await source();
    await seedEntries(src.nc, "BRC", 3);
    for (const cursor of [
      "garbage",
      encodeCursor({ dlq: "OTHER", before: 2 }),
      encodeCursor({ dlq: OWN_DLQ_STREAM, before: 10_000_000 }),
    ]) {
      const error = await browse(src, OWN_DLQ_STREAM, {}, cursor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
    }
    const missing = await browse(src, "NO_SUCH_DLQ", {}, undefined).catch((e: unknown) => e);
    expect((missing as AppError).status).toBe(404);
  });

  it("shows large and binary payloads safely, and refuses edits over the server's max payload with 413", async () => {
    const src = await source();
    await createTarget(src.nc, "BRD");
    const js = jetstream(src.nc);
    const h = headers();
    h.set(DLQ_HEADERS.subject, "brd.job.1");
    h.set("X-Odd", "bell\u0007 and more");
    const big = await js.publish(
      "switchyard.dlq.terminated.BRD.c.brd.job.1",
      new Uint8Array(300 * 1024).fill(0xff),
      { headers: h },
    );
    // Masking cannot look inside a binary payload: withheld unless revealed.
    const masked = await entryDetail(src, OWN_DLQ_STREAM, big.seq);
    expect(masked.masking).toMatchObject({ withheld: true, revealed: false });
    expect(masked.payloadBase64).toBe("");
    const detail = await entryDetail(src, OWN_DLQ_STREAM, big.seq, revealDisclosure(actor));
    expect(detail.truncated).toBe(true);
    expect(detail.size).toBe(300 * 1024);
    expect(Buffer.from(detail.payloadBase64, "base64").length).toBe(256 * 1024);
    expect(detail.headers).toContainEqual(["X-Odd", "bell\u0007 and more"]);
    const tooBig = await editAndRedrive(
      src,
      OWN_DLQ_STREAM,
      big.seq,
      { payload: "x".repeat(5 * 1024 * 1024), payloadEncoding: "utf8", headers: [] },
      actor,
    ).catch((e: unknown) => e);
    expect((tooBig as AppError).status).toBe(413);
    const nats = await editAndRedrive(
      src,
      OWN_DLQ_STREAM,
      big.seq,
      { payload: "{}", payloadEncoding: "utf8", headers: [["Nats-Msg-Id", "x"]] },
      actor,
    ).catch((e: unknown) => e);
    expect((nats as AppError).status).toBe(422);
    const ok = await editAndRedrive(
      src,
      OWN_DLQ_STREAM,
      big.seq,
      { payload: '{"fixed":true}', payloadEncoding: "utf8", headers: [["Conversation-Id", "c9"]] },
      actor,
    );
    expect(ok).toMatchObject({ target: "brd.job.1", stream: "BRD", duplicate: false });
    const unknown = await entryDetail(src, OWN_DLQ_STREAM, big.seq).catch((e: unknown) => e);
    expect((unknown as AppError).status).toBe(404);
    const republished = await src.jsm.streams.getMessage("BRD", { last_by_subj: "brd.job.1" });
    expect(republished!.string()).toBe('{"fixed":true}');
    expect(republished!.header.get("X-Redrive-Count")).toBe("1");
  });
});
