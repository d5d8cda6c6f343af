import { describe, expect, it } from "vitest";
import { conversationId } from "@/lib/dto/traces";
import { extractKey, findRule, jsonField } from "./extract-key";
import { DEFAULT_KEY_RULES, traceSettings } from "./key-rules";
import { subjectMatches, subjectsOverlap } from "@/lib/core/subjects";
import { subjectFilterFor } from "./subject-filter";

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
