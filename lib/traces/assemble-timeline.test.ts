import { describe, expect, it } from "vitest";
import type { TraceMessage } from "@/lib/dto/traces";
import { assembleTimeline, type AssembleInput } from "./assemble-timeline";
import { parseRedriveMsgId } from "@/lib/dto/message-headers";
import { decodePayload } from "./decode-payload";

const T0 = Date.parse("2026-11-26T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const text = (s: string) => decodePayload(new TextEncoder().encode(s));

function msg(
  role: TraceMessage["role"],
  stream: string,
  seq: number,
  s: number,
  subject: string,
  headers: [string, string][] = [],
  body = "{}",
): TraceMessage {
  return {
    role,
    stream,
    seq,
    time: at(s),
    subject,
    size: body.length,
    headers,
    payload: text(body),
    source: "stream",
  };
}
const req = (seq: number, s: number, id: string, extra: [string, string][] = []) =>
  msg("request", "TOOL_REQUESTS", seq, s, "tools.execute.web_search", [
    ["Request-Id", id],
    ["Tool", "web_search"],
    ...extra,
  ]);
const res = (seq: number, s: number, id: string) =>
  msg("result", "TOOL_RESULTS", seq, s, "tools.result.c", [
    ["Request-Id", id],
    ["Tool", "web_search"],
  ]);

function input(messages: TraceMessage[], extra: Partial<AssembleInput> = {}): AssembleInput {
  return {
    conversationId: "c",
    messages,
    advisories: [],
    requestIdHeaders: ["Request-Id"],
    traceLinkTemplate: null,
    searched: [],
    now: T0 + 100_000,
    ...extra,
  };
}

describe("assembleTimeline", () => {
  it("pairs requests with results by request id, with latencies, and reports done", () => {
    const t = assembleTimeline(
      input(
        [
          res(1, 3, "r1"),
          msg(
            "conversation",
            "CONVERSATIONS",
            1,
            0,
            "conversations.c.messages",
            [["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]],
            '{"role":"user"}',
          ),
          req(1, 1, "r1"),
          req(2, 1.5, "r2"),
          res(2, 2, "r2"),
        ],
        { traceLinkTemplate: "https://j/{traceId}" },
      ),
    );
    expect(t.status).toBe("done");
    expect(t.pairs.map((p) => [p.requestId, p.latencyMs])).toEqual([
      ["r1", 2000],
      ["r2", 500],
    ]);
    expect(t.marks.map((m) => m.label)).toEqual([
      "user message",
      "request web_search",
      "request web_search",
      "result web_search",
      "result web_search",
    ]);
    expect(t.durationMs).toBe(3000);
    expect(t.traceLink).toBe("https://j/0af7651916cd43dd8448eb211c80319c");
  });

  it("flags a request without a result as waiting, with how long", () => {
    const t = assembleTimeline(input([req(1, 10, "r1")]));
    expect(t.status).toBe("waiting");
    expect(t.pairs[0]).toMatchObject({ status: "waiting", waitingMs: 90_000, end: null });
    expect(t.markers).toEqual([
      expect.objectContaining({ kind: "waiting", label: "waiting 1 min 30 s for a result" }),
    ]);
    expect(t.endedAt).toBeNull();
  });

  it("a request that reached max deliveries without a dead letter is failed; redeliveries are counted", () => {
    const t = assembleTimeline(
      input([req(7, 1, "r1")], {
        advisories: [
          { kind: "naked", stream: "TOOL_REQUESTS", seq: 7, consumer: "w", deliveries: 1, time: at(2) },
          {
            kind: "max_deliveries",
            stream: "TOOL_REQUESTS",
            seq: 7,
            consumer: "w",
            deliveries: 5,
            time: at(9),
          },
        ],
      }),
    );
    expect(t.status).toBe("failed");
    expect(t.markers.map((m) => m.kind)).toEqual(["nak", "max_deliveries", "redelivered"]);
    expect(t.counts.failures).toBe(2);
  });

  it("dead-lettered → in DLQ with a link; redriven afterwards and answered → done", () => {
    const dl = msg("dead_letter", "DEAD_LETTERS", 4, 3, "deadletter.tools.execute.web_search", [
      ["Request-Id", "r1"],
      ["X-Dlq-Stream", "TOOL_REQUESTS"],
      ["X-Dlq-Seq", "7"],
      ["X-Dlq-Deliveries", "1"],
    ]);
    const inDlq = assembleTimeline(input([req(7, 1, "r1"), dl]));
    expect(inDlq.status).toBe("dlq");
    expect(inDlq.markers).toEqual([
      expect.objectContaining({
        kind: "dead_lettered",
        deadLetter: { stream: "DEAD_LETTERS", seq: 4 },
        lane: "tool:web_search",
      }),
    ]);
    const redriven = assembleTimeline(
      input([
        req(7, 1, "r1"),
        dl,
        req(9, 5, "r1", [
          ["X-Redrive-Count", "1"],
          ["Nats-Msg-Id", "redrive:DEAD_LETTERS:4"],
        ]),
        res(3, 6, "r1"),
      ]),
    );
    expect(redriven.status).toBe("done");
    // The latency of the answered attempt (the redrive), not 5 s from the first request.
    expect(redriven.pairs[0]).toMatchObject({ attempts: 2, latencyMs: 1000 });
    expect(redriven.markers.map((m) => [m.kind, m.deadLetter, m.redriven, m.outcome])).toEqual([
      ["dead_lettered", { stream: "DEAD_LETTERS", seq: 4 }, true, undefined],
      ["redriven", { stream: "DEAD_LETTERS", seq: 4 }, undefined, "result"],
    ]);
    expect(redriven.marks.find((m) => m.seq === 9)?.redrivenFrom).toEqual({ stream: "DEAD_LETTERS", seq: 4 });
  });

  it("status moves in DLQ → redriven → done, and a redrive that dead-letters again is in DLQ again", () => {
    const dl = (seq: number, s: number) =>
      msg("dead_letter", "DEAD_LETTERS", seq, s, "deadletter.tools.execute.web_search", [
        ["Request-Id", "r1"],
        ["X-Dlq-Stream", "TOOL_REQUESTS"],
        ["X-Dlq-Seq", "7"],
      ]);
    const redrive = req(9, 5, "r1", [["Nats-Msg-Id", "redrive:DEAD_LETTERS:4"]]);
    const steps = [
      [req(7, 1, "r1"), dl(4, 3)],
      [req(7, 1, "r1"), dl(4, 3), redrive],
      [req(7, 1, "r1"), dl(4, 3), redrive, res(3, 6, "r1")],
    ].map((messages) => assembleTimeline(input(messages)));
    expect(steps.map((t) => t.status)).toEqual(["dlq", "redriven", "done"]);
    expect(steps[1]!.markers.find((m) => m.kind === "redriven")?.outcome).toBe("waiting");
    const again = assembleTimeline(input([req(7, 1, "r1"), dl(4, 3), redrive, dl(5, 8)]));
    expect(again.status).toBe("dlq");
    expect(again.markers.find((m) => m.kind === "redriven")?.label).toContain("dead-lettered again");
    // A redriven request gone from its work queue (known from the tap only) with no result: acked, done.
    const acked = assembleTimeline(
      input([req(7, 1, "r1"), dl(4, 3), { ...redrive, source: "index", payload: decodePayload(null) }]),
    );
    expect(acked.status).toBe("done");
    expect(acked.markers.find((m) => m.kind === "redriven")?.outcome).toBe("acked");
    // Seen through the tap, a redriven request carries its copy's time, which a fast worker's result can beat (CI saw
    // an edited redrive stay "acked"): that result is still the redrive's.
    const tapped = { ...redrive, source: "index" as const, payload: decodePayload(null) };
    const early = assembleTimeline(input([req(7, 1, "r1"), dl(4, 3), tapped, res(3, 4.99, "r1")]));
    expect(early.markers.find((m) => m.kind === "redriven")?.outcome).toBe("result");
  });

  it("a result's tool comes from the request it answers, never from tools.result.{conversation_id}", () => {
    // Another layout: no Tool header anywhere, X-Call-Id as request id, results keyed by the conversation.
    const request = msg("request", "WORK", 3, 1, "tools.execute.db_write", [["X-Call-Id", "call-1"]]);
    const result = msg("result", "RESULTS", 8, 2, "tools.result.conv-9", [["X-Call-Id", "call-1"]]);
    const t = assembleTimeline(input([request, result], { requestIdHeaders: ["X-Call-Id"] }));
    expect(t.lanes.map((l) => l.label)).toEqual([
      "conversation",
      "agent (requests)",
      "tool db_write",
      "results",
    ]);
    expect(t.marks.map((m) => m.label)).toEqual(["request db_write", "result db_write"]);
    // A rule can name the tool too (here a JSON field of the result).
    const byRule = assembleTimeline(
      input([{ ...result, payload: text('{"tool":"search"}') }], {
        requestIdHeaders: ["X-Call-Id"],
        keyRules: [
          {
            subjects: "tools.result.*",
            key: { subjectToken: 3 },
            tool: { jsonField: "tool" },
            role: "result",
          },
        ],
      }),
    );
    expect(byRule.pairs[0]?.tool).toBe("search");
    // Neither: "unknown tool", not the conversation id.
    const alone = assembleTimeline(input([result], { requestIdHeaders: ["X-Call-Id"] }));
    expect(alone.lanes.map((l) => l.label)).toContain("unknown tool");
    expect(JSON.stringify(alone.lanes)).not.toContain("conv-9");
  });

  it("no messages: an empty, done timeline that keeps what was searched", () => {
    const t = assembleTimeline(
      input([], { searched: [{ stream: "X", how: "subject", filter: "x.c", since: null }] }),
    );
    expect(t.marks).toEqual([]);
    expect(t.searched).toHaveLength(1);
    expect(t.startedAt).toBeNull();
  });

  it("reads an application DLQ's own origin headers (deadLetterHeaders) to attach its entry and show its reason", () => {
    // No request id on the entry: it is attached to its request by the origin stream and sequence alone.
    const dl = msg("dead_letter", "APP_DLQ", 2, 3, "failed.web_search", [
      ["X-Source-Stream", "TOOL_REQUESTS"],
      ["X-Source-Seq", "7"],
      ["X-Original-Subject", "tools.execute.web_search"],
      ["X-Error", "quota exceeded"],
    ]);
    const names = {
      stream: "X-Source-Stream",
      subject: "X-Original-Subject",
      seq: "X-Source-Seq",
      consumer: "X-Dlq-Consumer",
      deliveries: "X-Dlq-Deliveries",
      reason: "X-Error",
      time: "X-Dlq-Time",
    };
    const t = assembleTimeline(
      input([req(7, 1, "r1"), dl], {
        originHeaders: (stream) =>
          stream === "APP_DLQ"
            ? names
            : {
                ...names,
                stream: "X-Dlq-Stream",
                seq: "X-Dlq-Seq",
                subject: "X-Dlq-Subject",
                reason: "X-Dlq-Reason",
              },
      }),
    );
    expect(t.status).toBe("dlq");
    expect(t.markers).toEqual([
      expect.objectContaining({
        kind: "dead_lettered",
        label: "dead-lettered to APP_DLQ #2: quota exceeded",
        deadLetter: { stream: "APP_DLQ", seq: 2 },
        lane: "tool:web_search",
      }),
    ]);
    expect(t.pairs.find((p) => p.requestId === "r1")?.status).toBe("dlq");
    // Read with X-Dlq-* names the same entry names no origin: r1 looks like it is still waiting.
    expect(
      assembleTimeline(input([req(7, 1, "r1"), dl])).pairs.find((p) => p.requestId === "r1")?.status,
    ).toBe("waiting");
  });

  it("parses redrive message ids", () => {
    expect(parseRedriveMsgId("redrive:DEAD_LETTERS:12")).toEqual({
      stream: "DEAD_LETTERS",
      seq: 12,
      round: 1,
    });
    expect(parseRedriveMsgId("redrive-3:SWITCHYARD_DLQ:7")).toEqual({
      stream: "SWITCHYARD_DLQ",
      seq: 7,
      round: 3,
    });
    expect(parseRedriveMsgId("redrive:x")).toBeNull();
    expect(parseRedriveMsgId("req-1")).toBeNull();
  });
});
