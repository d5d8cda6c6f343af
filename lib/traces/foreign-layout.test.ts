// Traces of a layout other than the simulator's (lib/simulator/testing/foreign-agents.ts, written with the legacy
// `nats` v2 client), against a real nats-server: key rules for every stream, the application DLQ's own header
// names, tool identity from the request, a redrive the tap sees, an untapped work queue read by direct gets, and a
// lookup right after the streams were created.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { Actor } from "@/lib/core/actor";
import { originHeadersFor, type Source } from "@/lib/dlq/entries";
import { browse } from "@/lib/dlq/browse";
import { editAndRedrive } from "@/lib/dlq/redrive";
import { traceSettings } from "@/lib/keys/key-rules";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { ForeignAgents, FOREIGN, FOREIGN_SETTINGS } from "@/lib/simulator/testing/foreign-agents";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { lookupConversation, type LookupDeps } from "./lookup-conversation";
import { TraceIndexer } from "./trace-indexer";

const actor: Actor = { user: "tester", role: "admin", address: null, via: "none" };
const settings = traceSettings(FOREIGN_SETTINGS.traces);

describe("a foreign agent layout (nats v2 client, its own header names)", () => {
  const nats = useNatsServer();
  let connection: EnvironmentConnection;
  let indexer: TraceIndexer;
  let agents: ForeignAgents;
  let deps: LookupDeps;

  beforeAll(async () => {
    const { server } = nats();
    connection = new EnvironmentConnection({
      name: "foreign",
      servers: [server.url],
      deadLetterStreams: FOREIGN_SETTINGS.deadLetterStreams,
      deadLetters: {
        keepOriginalStreams: [],
        redriveRatePerSecond: 0,
        afterRedrive: "delete",
        redriveLeaseMs: 15_000,
        originHeaders: FOREIGN_SETTINGS.deadLetterHeaders,
      },
    }).start();
    await waitFor(() => connection.status().state === "connected", { what: "connected" });
    // Every miss may refresh here (the default waits 2 s between refreshes), so the first lookup proves it.
    indexer = new TraceIndexer(connection, settings, { refreshAtMostEveryMs: 0 });
    // Discovered before the foreign streams exist (it creates the tap stream they republish into).
    await indexer.discover();
    agents = await ForeignAgents.start(server.url, { ackWaitMs: 500, maxDeliver: 2 });
    deps = {
      nc: connection.connection(),
      prefix: "$JS.API",
      indexer,
      originHeaders: (dlq) => originHeadersFor(FOREIGN_SETTINGS.deadLetterHeaders, dlq),
    };
  });
  afterAll(async () => {
    await agents?.stop();
    indexer?.stop();
    await connection?.stop();
  });

  it("a lookup right after the streams were created reads the stream list again instead of searching nothing", async () => {
    await agents.converse("conv-early", { tool: "search" });
    // No discover() since the streams were created: the first lookup misses, refreshes the list once, and finds.
    const first = await lookupConversation(deps, "conv-early");
    expect(first.marks.map((m) => m.subject)).toContain("conversations.conv-early.messages");
    const t = await waitFor(
      async () => {
        const found = await lookupConversation(deps, "conv-early");
        return found.marks.some((m) => m.role === "result") ? found : undefined;
      },
      { what: "conv-early traced", timeoutMs: 10_000 },
    );
    expect(t.searched.map((s) => s.stream)).toEqual(expect.arrayContaining([FOREIGN.streams.chat]));
  });

  it("failed call → app DLQ entry keyed by X-Conversation → redrive → R, result, done; tools never named by conversation id", async () => {
    await agents.converse("conv-fail", { tool: "db_write", flaky: true, job: true });
    const inDlq = await waitFor(
      async () => {
        const t = await lookupConversation(deps, "conv-fail");
        return t.status === "dlq" ? t : undefined;
      },
      { what: "conv-fail in DLQ", timeoutMs: 15_000 },
    );
    const dead = inDlq.markers.find((m) => m.kind === "dead_lettered");
    expect(dead?.deadLetter?.stream).toBe(FOREIGN.streams.dlq);
    expect(dead?.label).toContain("db_write: primary unavailable after 3 attempts");
    expect(inDlq.lanes.map((l) => l.label)).toContain("tool db_write");
    expect(inDlq.lanes.map((l) => l.label).join()).not.toContain("conv-fail");
    // JSON-keyed event and the untapped work queue's stored job are in the trace; the job's stream says why only
    // stored messages show.
    expect(inDlq.marks.map((m) => m.subject)).toEqual(
      expect.arrayContaining(["agent.events.step", "jobs.summarize"]),
    );
    expect(inDlq.searched).toContainEqual(
      expect.objectContaining({ stream: FOREIGN.streams.jobs, how: "stored messages" }),
    );
    expect(indexer.status().sources.find((s) => s.stream === FOREIGN.streams.jobs)?.fix).toContain(
      "--republish-destination 'switchyard.tap.JOBS.>'",
    );

    // The dead-letter list finds the entry by conversation (key rules through its original subject).
    const src: Source = {
      nc: connection.connection(),
      jsm: await jetstreamManager(connection.connection()),
      apiPrefix: "$JS.API",
      originHeaders: FOREIGN_SETTINGS.deadLetterHeaders,
      keyRules: settings.keyRules,
    };
    const page = await browse(src, FOREIGN.streams.dlq, { conversation: "conv-fail" }, undefined, 10);
    expect(page.entries.map((e) => [e.conversationId, e.origin.subject])).toEqual([
      ["conv-fail", "tools.execute.db_write"],
    ]);

    const entry = page.entries[0]!;
    const detail = await import("@/lib/dlq/browse").then((b) =>
      b.entryDetail(src, FOREIGN.streams.dlq, entry.seq),
    );
    const payload = Buffer.from(detail.payloadBase64, "base64").toString("utf8");
    const redriven = await editAndRedrive(
      src,
      FOREIGN.streams.dlq,
      entry.seq,
      {
        payload,
        payloadEncoding: "utf8",
        headers: detail.headers.filter(([n]) => !/^original-|^failure-/i.test(n)),
      },
      actor,
    );
    expect(redriven.stream).toBe(FOREIGN.streams.work);
    const done = await waitFor(
      async () => {
        const t = await lookupConversation(deps, "conv-fail");
        return t.pairs.find((p) => p.tool === "db_write")?.status === "done" ? t : undefined;
      },
      { what: "conv-fail's db_write call done after the redrive", timeoutMs: 15_000 },
    );
    expect(done.markers.find((m) => m.kind === "dead_lettered")?.redriven).toBe(true);
    expect(done.markers.find((m) => m.kind === "redriven")).toMatchObject({ outcome: "result" });
    expect(done.marks.find((m) => m.redrivenFrom)).toMatchObject({
      stream: FOREIGN.streams.work,
      seq: redriven.seq,
    });
    expect(done.marks.filter((m) => m.role === "result").map((m) => m.label)).toEqual(["result db_write"]);
    // The job nobody works keeps the conversation waiting: it is stored, so the trace can say so.
    expect(done.pairs.find((p) => p.tool === "summarize")?.status).toBe("waiting");
  });
});
