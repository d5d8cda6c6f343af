import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { HEADERS } from "@/lib/dto/message-headers";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { provisionTopology } from "@/lib/simulator/topology";
import { DEFAULT_TOOLS } from "@/lib/simulator/tool-profiles";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { traceSettings } from "@/lib/keys/key-rules";
import { listConversations, type ListDeps } from "./list-conversations";
import { lookupConversation, type LookupTimings } from "./lookup-conversation";
import { TraceIndexer } from "./trace-indexer";

const FEED_VIA = "subject feed";

describe("subject feed and the cached conversations list (real nats-server)", () => {
  const nats = useNatsServer();
  let connection: EnvironmentConnection;
  let indexer: TraceIndexer;
  let deps: ListDeps;

  beforeAll(async () => {
    const { nc, server } = nats();
    await provisionTopology(await jetstreamManager(nc), {
      tools: DEFAULT_TOOLS.filter((t) => t.name === "crm_lookup"),
      ackWaitMs: 2000,
      maxDeliver: 3,
      storage: "memory",
    });
    // Messages stored before Switchyard starts: the feed reads them when it starts.
    for (let i = 0; i < 20; i++)
      await jetstream(nc).publish(
        `conversations.conv-before-${i % 4}.messages`,
        JSON.stringify({ role: "user", content: `${i}` }),
      );
    connection = new EnvironmentConnection({
      name: "test",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected", { what: "connected" });
    indexer = new TraceIndexer(connection, traceSettings({}));
    await indexer.discover();
    deps = { nc, prefix: "$JS.API", indexer };
    await waitFor(
      () => indexer.status().sources.filter((s) => s.via === FEED_VIA && s.state === "current").length === 2,
      { what: `both subject feeds current: ${JSON.stringify(indexer.status().sources)}` },
    );
  });
  afterAll(async () => {
    indexer?.stop();
    await connection?.stop();
  });

  it("reads a conversation's subject from its first message to its last, and an absent one with one request", async () => {
    const js = jetstream(nats().nc);
    const seqs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const ack = await js.publish(
        `conversations.${i % 3 === 1 ? "conv-feed01" : `conv-other-${i}`}.messages`,
        JSON.stringify({ role: "user", content: `${i}` }),
      );
      if (i % 3 === 1) seqs.push(ack.seq);
    }
    await waitFor(
      () => indexer.feed.last("CONVERSATIONS conversations.*.messages", "conv-feed01") === seqs.at(-1),
      { what: "the feed to see conv-feed01" },
    );

    let timings: LookupTimings | undefined;
    const t = await lookupConversation(deps, "conv-feed01", { timings: (x) => (timings = x) });
    expect(t.marks.map((m) => m.seq)).toEqual(seqs);
    const conversations = timings!.subjectReads.find((r) => r.stream === "CONVERSATIONS")!;
    // The last message by subject, the others by sequence: no next_by_subj walk from #1, no get past the last.
    expect(conversations).toMatchObject({ plan: `${seqs.length} by sequence`, requests: seqs.length });
    const results = timings!.subjectReads.find((r) => r.stream === "TOOL_RESULTS")!;
    expect(results).toMatchObject({ requests: 1, plan: "no message" });
    // A conversation stored before the feed started is known by sequence too.
    let before: LookupTimings | undefined;
    const old = await lookupConversation(deps, "conv-before-2", { timings: (x) => (before = x) });
    expect(old.marks.map((m) => m.seq)).toEqual([3, 7, 11, 15, 19]);
    expect(before!.subjectReads.find((r) => r.stream === "CONVERSATIONS")).toMatchObject({
      plan: "5 by sequence",
      requests: 5,
    });
  });

  it("reuses list rows until their conversation changes: a result, an advisory, a new request", async () => {
    const { nc } = nats();
    const js = jetstream(nc);
    const request = (conversation: string, requestId: string) => {
      const h = headers();
      h.set(HEADERS.conversationId, conversation);
      h.set(HEADERS.requestId, requestId);
      h.set(HEADERS.tool, "crm_lookup");
      return js.publish("tools.execute.crm_lookup", JSON.stringify({ request_id: requestId }), {
        headers: h,
      });
    };
    for (const id of ["conv-list-a", "conv-list-b", "conv-list-c"]) await request(id, `${id}-r1`);
    await waitFor(
      () => ["conv-list-a", "conv-list-b", "conv-list-c"].every((id) => indexer.index.version(id) > 0),
      { what: "the three requests indexed" },
    );

    const list = async (query = {}, now?: number) => {
      const counter = { requests: 0 };
      const page = await listConversations(deps, { limit: 3, ...query }, { counter, now });
      return {
        rows: Object.fromEntries(page.conversations.map((c) => [c.conversationId, c])),
        requests: counter.requests,
      };
    };
    const first = await list();
    expect(Object.keys(first.rows)).toEqual(["conv-list-c", "conv-list-b", "conv-list-a"]);
    expect(Object.values(first.rows).map((r) => r.status)).toEqual(["waiting", "waiting", "waiting"]);
    expect(first.requests).toBeGreaterThan(0);
    const again = await list();
    expect(again.requests).toBe(0);
    expect(again.rows["conv-list-b"]!.waitingMs!).toBeGreaterThanOrEqual(
      first.rows["conv-list-b"]!.waitingMs ?? 0,
    );
    // Waits keep growing in cached rows: a later "now" makes them stuck without asking NATS.
    const later = await list({ stuck: "1", stuckAfter: 60 }, Date.now() + 120_000);
    expect(Object.keys(later.rows).sort()).toEqual(["conv-list-a", "conv-list-b", "conv-list-c"]);
    expect(later.requests).toBe(0);

    // A result for b (subject-keyed, seen by the feed): only b is looked up again, and it is done.
    const fingerprint = indexer.fingerprint("conv-list-b");
    const h = headers();
    h.set(HEADERS.requestId, "conv-list-b-r1");
    await js.publish("tools.result.conv-list-b", JSON.stringify({ ok: true }), { headers: h });
    await waitFor(() => indexer.fingerprint("conv-list-b") !== fingerprint, {
      what: "the feed to see b's result",
    });
    const alone = { requests: 0 };
    await lookupConversation(deps, "conv-list-b", { payloads: false, counter: alone });
    const afterResult = await list();
    expect(afterResult.rows["conv-list-b"]!.status).toBe("done");
    expect(afterResult.rows["conv-list-a"]!.status).toBe("waiting");
    expect(afterResult.requests).toBe(alone.requests);

    // A NAK on a's request (an advisory on one of its messages): a is looked up again.
    const fingerprintA = indexer.fingerprint("conv-list-a");
    const worker = await js.consumers.get("TOOL_REQUESTS", "worker-crm_lookup");
    const delivered = (await worker.next({ expires: 5000 }))!;
    expect(delivered.headers?.get(HEADERS.conversationId)).toBe("conv-list-a");
    delivered.nak(60_000);
    await waitFor(() => indexer.fingerprint("conv-list-a") !== fingerprintA, {
      what: "the NAK advisory for a",
    });
    const afterNak = await list();
    expect(afterNak.requests).toBeGreaterThan(0);
    expect(afterNak.rows["conv-list-a"]!.failures).toBe(1);

    // A new request for c: c's row changes (two calls now), and the others stay cached.
    await request("conv-list-c", "conv-list-c-r2");
    await waitFor(() => indexer.index.get("conv-list-c").length === 2, {
      what: "c's second request indexed",
    });
    const afterRequest = await list();
    expect(afterRequest.rows["conv-list-c"]!.tools).toBe(2);
    const settled = await list();
    expect(settled.requests).toBe(0);
  });
});
