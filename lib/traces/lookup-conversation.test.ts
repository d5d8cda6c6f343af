import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers, type MsgHdrs } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import {
  DLQ_HEADERS,
  HEADERS,
  REDRIVE_HEADERS,
  deadLetterMsgId,
  redriveMsgId,
} from "@/lib/dto/message-headers";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { provisionTopology } from "@/lib/simulator/topology";
import { DEFAULT_TOOLS } from "@/lib/simulator/tool-profiles";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { traceSettings } from "@/lib/keys/key-rules";
import { lookupConversation } from "./lookup-conversation";
import { preciseMs } from "@/lib/core/precise-time";
import { TraceIndexer } from "./trace-indexer";

const CONV = "conv-scripted01";
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

function h(extra: Record<string, string> = {}): MsgHdrs {
  const hdrs = headers();
  hdrs.set(HEADERS.conversationId, CONV);
  hdrs.set(HEADERS.traceparent, `00-${TRACE}-00f067aa0ba902b7-01`);
  for (const [k, v] of Object.entries(extra)) hdrs.set(k, v);
  return hdrs;
}

describe("conversation lookup against a real nats-server (scripted conversation)", () => {
  const nats = useNatsServer();
  let connection: EnvironmentConnection;
  let indexer: TraceIndexer;

  beforeAll(async () => {
    const { nc, server } = nats();
    await provisionTopology(await jetstreamManager(nc), {
      tools: DEFAULT_TOOLS.filter((t) => t.name === "crm_lookup"),
      ackWaitMs: 2000,
      maxDeliver: 3,
      storage: "memory",
    });
    connection = new EnvironmentConnection({
      name: "test",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected", { what: "connected" });
    indexer = new TraceIndexer(
      connection,
      traceSettings({ traceLinkTemplate: "https://tempo.example/trace/{traceId}" }),
    );
    await indexer.discover();
  });
  afterAll(async () => {
    indexer?.stop();
    await connection?.stop();
  });

  it("shows every event in order: pairing, latencies, NAK, dead letter and redrive", async () => {
    const { nc } = nats();
    const js = jetstream(nc);
    const worker = await js.consumers.get("TOOL_REQUESTS", "worker-crm_lookup");
    const req = (id: string, extra: Record<string, string> = {}) =>
      h({ [HEADERS.requestId]: id, [HEADERS.tool]: "crm_lookup", ...extra });

    await js.publish(
      `conversations.${CONV}.messages`,
      JSON.stringify({ role: "user", content: "Where is my order?" }),
      { headers: h() },
    );
    const r1 = await js.publish("tools.execute.crm_lookup", JSON.stringify({ request_id: "req-1" }), {
      headers: req("req-1"),
    });
    const r2 = await js.publish("tools.execute.crm_lookup", JSON.stringify({ request_id: "req-2" }), {
      headers: req("req-2"),
    });

    // req-1: NAK on the first delivery, success on the second.
    const first = (await worker.next({ expires: 5000 }))!;
    expect(first.seq).toBe(r1.seq);
    first.nak(300);

    // req-2 (delivered while req-1 waits out its NAK delay): the tool rejects it: dead-letter copy with
    // origin headers, then TERM.
    const second = (await worker.next({ expires: 5000 }))!;
    expect(second.seq).toBe(r2.seq);
    const dl = req("req-2", {
      [DLQ_HEADERS.stream]: "TOOL_REQUESTS",
      [DLQ_HEADERS.subject]: second.subject,
      [DLQ_HEADERS.seq]: String(second.seq),
      [DLQ_HEADERS.consumer]: "worker-crm_lookup",
      [DLQ_HEADERS.deliveries]: String(second.info.deliveryCount),
      [DLQ_HEADERS.reason]: "permanent error",
      [DLQ_HEADERS.time]: new Date().toISOString(),
    });
    await js.publish(`deadletter.${second.subject}`, second.data, {
      headers: dl,
      msgID: deadLetterMsgId("TOOL_REQUESTS", second.seq),
    });
    // A bare +TERM: nats-server 2.9 emits no MSG_TERMINATED advisory for "+TERM <reason>".
    second.term();

    const third = (await worker.next({ expires: 5000 }))!;
    expect(third.seq).toBe(r1.seq);
    expect(third.info.deliveryCount).toBe(2);
    await js.publish(`tools.result.${CONV}`, JSON.stringify({ ok: true }), { headers: req("req-1") });
    third.ack();

    // Redrive: the dead letter goes back to its subject with the redrive headers; this time it succeeds.
    const redrive = await js.publish("tools.execute.crm_lookup", JSON.stringify({ request_id: "req-2" }), {
      headers: req("req-2", { [REDRIVE_HEADERS.count]: "1" }),
      msgID: redriveMsgId("DEAD_LETTERS", 1),
    });
    const again = (await worker.next({ expires: 5000 }))!;
    expect(again.seq).toBe(redrive.seq);
    await js.publish(`tools.result.${CONV}`, JSON.stringify({ ok: true }), { headers: req("req-2") });
    again.ack();
    await js.publish(
      `conversations.${CONV}.messages`,
      JSON.stringify({ role: "assistant", content: "Done" }),
      { headers: h() },
    );

    await waitFor(
      () =>
        indexer.index.get(CONV).length === 4 &&
        indexer.advisories.get("TOOL_REQUESTS", r2.seq).length > 0 &&
        indexer.advisories.get("TOOL_REQUESTS", r1.seq).length > 0,
      {
        what: `3 requests + 1 dead letter indexed and the NAK / TERM advisories (${JSON.stringify({ entries: indexer.index.get(CONV).length, status: indexer.status(), a1: indexer.advisories.get("TOOL_REQUESTS", r1.seq), a2: indexer.advisories.get("TOOL_REQUESTS", r2.seq) })})`,
      },
    );

    const counter = { requests: 0 };
    const t = await lookupConversation({ nc, prefix: "$JS.API", indexer }, CONV, { counter });

    expect(t.marks.map((m) => `${m.lane}|${m.label}`)).toEqual([
      "conversation|user message",
      "agent|request crm_lookup",
      "agent|request crm_lookup",
      "tool:crm_lookup|dead letter crm_lookup",
      "results|result crm_lookup",
      "agent|redriven request crm_lookup",
      "results|result crm_lookup",
      "conversation|assistant message",
    ]);
    expect(t.counts).toEqual({ messages: 8, tools: 2, failures: 3 });
    expect(t.status).toBe("done");
    expect(t.lanes.map((l) => l.id)).toEqual(["conversation", "agent", "tool:crm_lookup", "results"]);

    const [p1, p2] = t.pairs;
    const time = (stream: string, seq: number) =>
      preciseMs(t.marks.find((m) => m.stream === stream && m.seq === seq)!.time);
    const results = t.marks.filter((m) => m.role === "result");
    expect(p1).toMatchObject({ requestId: "req-1", status: "done", attempts: 1 });
    expect(p1!.latencyMs).toBeCloseTo(preciseMs(results[0]!.time) - time("TOOL_REQUESTS", r1.seq), 2);
    expect(p1!.latencyMs).toBeGreaterThan(0);
    expect(p2).toMatchObject({ requestId: "req-2", status: "done", attempts: 2 });
    // A redriven call's latency runs from the redriven attempt that was answered, not from the first request.
    const redrivenRequest = t.marks.find((m) => m.redrivenFrom)!;
    expect(p2!.latencyMs).toBeCloseTo(preciseMs(results[1]!.time) - preciseMs(redrivenRequest.time), 2);
    expect(preciseMs(redrivenRequest.time)).toBeGreaterThan(time("TOOL_REQUESTS", r2.seq));

    expect(t.markers.map((m) => m.kind)).toEqual(["nak", "dead_lettered", "terminated", "redriven"]);
    expect(t.markers.find((m) => m.kind === "nak")).toMatchObject({
      requestId: "req-1",
      lane: "tool:crm_lookup",
    });
    expect(t.markers.find((m) => m.kind === "dead_lettered")).toMatchObject({
      requestId: "req-2",
      deadLetter: { stream: "DEAD_LETTERS", seq: 1 },
    });
    expect(t.markers.find((m) => m.kind === "redriven")).toMatchObject({
      requestId: "req-2",
      deadLetter: { stream: "DEAD_LETTERS", seq: 1 },
      label: "redriven from DEAD_LETTERS #1 (redrive 1) → result received",
      outcome: "result",
    });
    expect(t.markers.find((m) => m.kind === "terminated")).toMatchObject({ requestId: "req-2" });

    // Acked requests are gone from the work queue: known from the index (headers), payload missing.
    const request = t.marks.find((m) => m.stream === "TOOL_REQUESTS" && m.seq === r1.seq)!;
    expect(request.source).toBe("index");
    expect(request.payload.kind).toBe("missing");
    expect(request.headers).toContainEqual([HEADERS.requestId, "req-1"]);
    expect(t.traceparent).toBe(`00-${TRACE}-00f067aa0ba902b7-01`);
    expect(t.traceLink).toBe(`https://tempo.example/trace/${TRACE}`);
    // Subject-keyed reads cost one get per message plus one per subject, plus stream names and index payload gets.
    expect(counter.requests).toBeLessThanOrEqual(2 * 2 + 4 + 2 + 4);
  });

  it("an unknown id finds nothing and says where it looked", async () => {
    const t = await lookupConversation({ nc: nats().nc, prefix: "$JS.API", indexer }, "conv-nobody");
    expect(t.marks).toEqual([]);
    expect(t.searched.map((s) => `${s.stream}:${s.how}`)).toEqual(
      expect.arrayContaining([
        "CONVERSATIONS:subject",
        "TOOL_RESULTS:subject",
        "TOOL_REQUESTS:index",
        "DEAD_LETTERS:dead-letter index",
      ]),
    );
  });
});
