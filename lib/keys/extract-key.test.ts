import { describe, expect, it } from "vitest";
import type { KeyRule } from "@/lib/config/schema";
import { conversationId } from "@/lib/dto/traces";
import { deadLetterKey, extractKey, extractTool, findRule, jsonField } from "./extract-key";
import { DEFAULT_KEY_RULES, traceSettings } from "./key-rules";
import { subjectMatches, subjectsOverlap } from "@/lib/core/subjects";
import { subjectFilterFor } from "@/lib/traces/subject-filter";

const REQ = ["Request-Id"];

describe("key rules", () => {
  it("defaults match the simulator: subject token for conversations and results, header for requests", () => {
    const conv = findRule(DEFAULT_KEY_RULES, "CONVERSATIONS", "conversations.conv-1.messages")!;
    expect(
      extractKey(conv, { subject: "conversations.conv-1.messages", headers: [], payload: null }, REQ),
    ).toEqual({ conversationId: "conv-1", requestId: null, role: "conversation" });
    const result = findRule(DEFAULT_KEY_RULES, "TOOL_RESULTS", "tools.result.conv-2")!;
    expect(
      extractKey(
        result,
        { subject: "tools.result.conv-2", headers: [["Request-Id", "r9"]], payload: null },
        REQ,
      ),
    ).toEqual({ conversationId: "conv-2", requestId: "r9", role: "result" });
    const request = findRule(DEFAULT_KEY_RULES, "TOOL_REQUESTS", "tools.execute.crm_lookup")!;
    expect(
      extractKey(
        request,
        { subject: "tools.execute.crm_lookup", headers: [["Conversation-Id", "conv-3"]], payload: null },
        REQ,
      ).conversationId,
    ).toBe("conv-3");
  });

  it.each([
    ["gen_ai.conversation.id", "a"],
    ["messaging.message.conversation_id", "b"],
    ["conversation-id", "c"],
    ["X-Conversation-Id", "d"],
  ])("reads the conversation id from the %s header (any case)", (name, value) => {
    const rule = DEFAULT_KEY_RULES[2]!;
    expect(
      extractKey(rule, { subject: "tools.execute.x", headers: [[name, value]], payload: null }, REQ)
        .conversationId,
    ).toBe(value);
  });

  it("reads a JSON field (dotted), and nothing from non-JSON or non-UTF-8 payloads", () => {
    const rule = { subjects: "jobs.>", key: { jsonField: "meta.conversation_id" } };
    expect(
      extractKey(rule, { subject: "jobs.a", headers: [], payload: '{"meta":{"conversation_id":"c-7"}}' }, REQ)
        .conversationId,
    ).toBe("c-7");
    expect(jsonField("not json", "conversation_id")).toBeNull();
    expect(jsonField(new Uint8Array([0xff, 0xfe, 0x7b]), "conversation_id")).toBeNull();
    expect(jsonField('{"conversation_id":{"x":1}}', "conversation_id")).toBeNull();
  });

  it("a configured rule wins over the defaults; a stream-bound rule only applies to its stream", () => {
    const settings = traceSettings({
      keyRules: [{ subjects: "tools.execute.>", stream: "OTHER", key: { jsonField: "conversation_id" } }],
    });
    expect(findRule(settings.keyRules, "TOOL_REQUESTS", "tools.execute.a")).toBeUndefined();
    expect(findRule(settings.keyRules, "OTHER", "tools.execute.a")?.key).toEqual({
      jsonField: "conversation_id",
    });
  });
});

describe("subjects", () => {
  it.each([
    ["a.*.c", "a.b.c", true],
    ["a.>", "a.b.c", true],
    ["a.>", "a", false],
    ["a.*", "a.b.c", false],
    ["a.b", "a.b", true],
  ])("%s matches %s: %s", (pattern, subject, expected) =>
    expect(subjectMatches(pattern, subject)).toBe(expected),
  );

  it("overlap of patterns", () => {
    expect(subjectsOverlap("tools.execute.>", "tools.execute.crm")).toBe(true);
    expect(subjectsOverlap("tools.>", "tools.result.*")).toBe(true);
    expect(subjectsOverlap("tools.result.*", "conversations.>")).toBe(false);
  });

  it("builds a literal filter from a validated id", () => {
    expect(subjectFilterFor("conversations.*.messages", 2, "conv-1")).toBe("conversations.conv-1.messages");
    expect(() => subjectFilterFor("tools.>", 2, "x")).toThrow(/not a single token/);
  });
});

describe("conversation id validation (never a wildcard)", () => {
  it.each(["*", ">", "a.b", "a b", "tab\there", "nl\n", "nul\u0000", "", "x".repeat(257)])(
    "rejects %j",
    (id) => {
      expect(conversationId.safeParse(id).success).toBe(false);
    },
  );
  it.each(["conv-1a2b", "req_9", "Ünïcode-ok", "a:b"])("accepts %j", (id) =>
    expect(conversationId.safeParse(id).success).toBe(true),
  );
});

describe("one extractor for every stream", () => {
  // A layout other than the simulator's: X-Conversation on requests, a JSON field on events, results keyed by
  // the conversation in the subject (whose last token is not a tool).
  const rules = traceSettings({
    keyRules: [
      {
        subjects: "tools.execute.*",
        key: { header: ["X-Conversation"] },
        tool: { subjectToken: 3 },
        role: "request",
      },
      { subjects: "tools.result.*", key: { subjectToken: 3 }, role: "result" },
      {
        subjects: "agent.events.>",
        key: { jsonField: "conversation" },
        tool: { jsonField: "tool" },
        role: "other",
      },
    ],
  }).keyRules;

  it("a dead letter is keyed by the rule of its original stream and subject, not by a fixed header list", () => {
    expect(
      deadLetterKey(rules, {
        originStream: "WORK",
        originSubject: "tools.execute.db_write",
        headers: [["X-Conversation", "c-42"]],
        payload: null,
      }),
    ).toEqual({ conversationId: "c-42", tool: "db_write" });
    // The built-in Conversation-Id header does not count where a rule says otherwise.
    expect(
      deadLetterKey(rules, {
        originStream: "WORK",
        originSubject: "tools.execute.db_write",
        headers: [["Conversation-Id", "c-other"]],
        payload: null,
      }).conversationId,
    ).toBeNull();
    expect(
      deadLetterKey(rules, {
        originStream: "EVENTS",
        originSubject: "agent.events.step",
        headers: [],
        payload: '{"conversation":"c-7","tool":"search"}',
      }),
    ).toEqual({ conversationId: "c-7", tool: "search" });
    // No rule for the origin (or no origin at all): the default header list, then conversation_id in JSON.
    expect(
      deadLetterKey(rules, {
        originStream: null,
        originSubject: null,
        headers: [["Conversation-Id", "c-1"]],
        payload: null,
      }).conversationId,
    ).toBe("c-1");
    expect(
      deadLetterKey(rules, {
        originStream: "X",
        originSubject: "other.thing",
        headers: [],
        payload: '{"conversation_id":"c-2"}',
      }).conversationId,
    ).toBe("c-2");
  });

  it("tool identity comes from a rule (subject token, header, JSON field), never from a result's conversation id", () => {
    const result = findRule(rules, "RESULTS", "tools.result.c-42");
    expect(extractTool(result, { subject: "tools.result.c-42", headers: [], payload: null })).toBeNull();
    const byHeader: KeyRule = { subjects: "a.>", key: { subjectToken: 2 }, tool: { header: ["X-Tool"] } };
    expect(extractTool(byHeader, { subject: "a.b", headers: [["x-tool", "crm"]], payload: null })).toBe(
      "crm",
    );
    expect(extractTool(undefined, { subject: "a.b", headers: [], payload: null })).toBeNull();
  });
});

describe("key rules in words", () => {
  it("names the subjects and where the id is, for the empty state", async () => {
    const { describeKeyRule } = await import("./key-rules");
    expect(DEFAULT_KEY_RULES.map(describeKeyRule)).toEqual([
      "conversations.*.messages — subject token 2",
      "tools.result.* — subject token 3",
      "tools.execute.> — header Conversation-Id or gen_ai.conversation.id …",
    ]);
    expect(
      describeKeyRule({ subjects: "agent.events.*", stream: "EVENTS", key: { jsonField: "conversation" } }),
    ).toBe("agent.events.* in EVENTS — JSON field conversation");
  });
});
