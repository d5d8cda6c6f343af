import { describe, expect, it } from "vitest";
import type { Timeline, TracePair } from "@/lib/dto/traces";
import { SummaryCache, summaryAt, summaryRow } from "./summary-cache";

const pair = (status: TracePair["status"], waitingMs: number | null): TracePair => ({
  requestId: "r",
  tool: "t",
  lane: "tool:t",
  start: "",
  end: null,
  latencyMs: null,
  waitingMs,
  redriven: false,
  attempts: 1,
  status,
});

function timeline(status: Timeline["status"], pairs: TracePair[], durationMs: number | null): Timeline {
  return {
    conversationId: "c1",
    status,
    startedAt: durationMs === null ? null : "2026-01-01T00:00:00Z",
    endedAt: null,
    durationMs,
    counts: { messages: 3, tools: pairs.length, failures: 0 },
    lanes: [],
    marks: [],
    pairs,
    markers: [],
    traceparent: null,
    traceLink: null,
    searched: [],
    generatedAt: "2026-01-01T00:00:00Z",
  };
}

describe("conversation summary rows", () => {
  it("a waiting conversation's duration and wait keep growing; a finished one stays as computed", () => {
    const waiting = summaryRow(
      timeline("waiting", [pair("done", null), pair("waiting", 400), pair("waiting", 900)], 1000),
      10_000,
    );
    expect(waiting.summary).toMatchObject({ status: "waiting", durationMs: 1000, waitingMs: 900, tools: 3 });
    expect(summaryAt(waiting, 12_000)).toMatchObject({ durationMs: 3000, waitingMs: 2900 });
    const done = summaryRow(timeline("done", [pair("done", null)], 1000), 10_000);
    expect(summaryAt(done, 99_000)).toMatchObject({ durationMs: 1000, waitingMs: null });
    // A wait of 0 ms at lookup time reads as "no wait" then, and as a growing wait later (as a new lookup would say).
    const justSent = summaryRow(timeline("waiting", [pair("waiting", 0)], 0), 5000);
    expect(justSent.summary.waitingMs).toBeNull();
    expect(summaryAt(justSent, 5300).waitingMs).toBe(300);
  });

  it("is reused only with the same fingerprint, and bounded", () => {
    const cache = new SummaryCache(2);
    const row = summaryRow(timeline("done", [], 5), 0);
    cache.set("a", "1:0", row);
    expect(cache.get("a", "1:0", 10)?.conversationId).toBe("c1");
    expect(cache.get("a", "2:0", 10)).toBeNull();
    cache.set("b", "1", row);
    cache.set("c", "1", row);
    expect(cache.size).toBe(2);
    expect(cache.get("a", "1:0", 10)).toBeNull();
    expect(new SummaryCache(0).size).toBe(0);
  });
});
