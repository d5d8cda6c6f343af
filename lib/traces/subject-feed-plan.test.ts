import { describe, expect, it } from "vitest";
import { RetentionPolicy, type StreamInfo } from "@nats-io/jetstream";
import type { KeyRule } from "@/lib/config/schema";
import { SubjectFeed } from "./subject-feed";
import { feedKey, planFeeds } from "./subject-feed-plan";

const info = (
  name: string,
  subjects: string[],
  state: { messages: number; first_seq: number },
  retention: RetentionPolicy = RetentionPolicy.Limits,
): StreamInfo =>
  ({
    config: { name, subjects, retention },
    created: "2026-01-01T00:00:00Z",
    state,
  }) as unknown as StreamInfo;

const RULES: KeyRule[] = [
  { subjects: "conversations.*.messages", key: { subjectToken: 2 }, role: "conversation" },
  { subjects: "tools.result.*", key: { subjectToken: 3 }, role: "result" },
  { subjects: "tools.execute.>", key: { header: ["Conversation-Id"] }, role: "request" },
];
const WINDOW = new Date("2026-01-02T00:00:00Z");

describe("planFeeds", () => {
  it("plans one feed per subject-keyed rule and stream: from the stream's start within the bound, else from the window", () => {
    const infos = [
      info("CONVERSATIONS", ["conversations.>"], { messages: 500, first_seq: 7 }),
      info("RESULTS", ["tools.result.>"], { messages: 5000, first_seq: 1 }),
      info("REQUESTS", ["tools.execute.>"], { messages: 10, first_seq: 1 }, RetentionPolicy.Workqueue),
      info("RESULT_QUEUE", ["tools.result.urgent"], { messages: 1, first_seq: 1 }, RetentionPolicy.Workqueue),
    ];
    const plan = planFeeds(infos, RULES, new SubjectFeed(100), { maxMessages: 1000, windowStart: WINDOW });
    expect([...plan.ruleStreams.values()]).toEqual([["CONVERSATIONS"], ["RESULTS", "RESULT_QUEUE"]]);
    expect(plan.feeds).toEqual([
      feedKey("CONVERSATIONS", "conversations.*.messages"),
      feedKey("RESULTS", "tools.result.*"),
      feedKey("RESULT_QUEUE", "tools.result.*"),
    ]);
    expect(plan.tails.map((t) => [t.source.stream, t.source.filter, t.source.headersOnly, t.start])).toEqual([
      ["CONVERSATIONS", "conversations.*.messages", true, { seq: 7 }],
      ["RESULTS", "tools.result.*", true, { time: WINDOW }],
    ]);
    expect(plan.unavailable.map((u) => [u.status.stream, u.status.state])).toEqual([
      ["RESULT_QUEUE", "unavailable"],
    ]);
  });

  it("records what its tail delivers and resumes right after it", () => {
    const feed = new SubjectFeed(100);
    const infos = [info("CONVERSATIONS", ["conversations.>"], { messages: 3, first_seq: 1 })];
    const [tail] = planFeeds(infos, RULES, feed, { maxMessages: 1000, windowStart: WINDOW }).tails;
    tail!.onReady({ delivered: { stream_seq: 0 } } as never);
    for (const [subject, seq] of [
      ["conversations.c1.messages", 1],
      ["conversations.c*.messages", 2],
      ["conversations.c1.messages", 3],
    ] as const) {
      tail!.onMessage({ subject, info: { streamSequence: seq } } as never);
    }
    expect(feed.plan(tail!.feed, "c1", 3)).toEqual({ known: [1, 3], from: null, exact: true });
    const [again] = planFeeds(infos, RULES, feed, { maxMessages: 1000, windowStart: WINDOW }).tails;
    expect(again!.start).toEqual({ seq: 4 });
  });
});
