import { describe, expect, it } from "vitest";
import {
  consumersReading,
  publishSubjectProblem,
  subjectCovers,
  subjectFilterProblem,
  subjectMatcher,
  subjectMatches,
  subjectsOverlap,
} from "./subjects";

describe("subject matching", () => {
  it.each([
    ["tools.execute.>", "tools.execute.crm_lookup", true],
    ["tools.execute.>", "tools.execute", false],
    ["tools.*.crm", "tools.execute.crm", true],
    ["tools.*", "tools.execute.crm", false],
    ["conversations.*.messages", "conversations.c1.messages", true],
    ["a.b", "a.b", true],
    ["a.b", "a.c", false],
    [">", "anything.at.all", true],
    ["tools.execute.*", "tools.execute.crm", true],
    ["tools.execute.*", "tools.execute.crm.x", false],
    ["tools.>", "tools.execute.crm", true],
    ["tools.>", "tools", false],
    ["tools.execute.crm", "tools.execute.crm", true],
    ["*.execute.crm", "tools.execute.web", false],
  ])("%s matches %s → %s (and its compiled matcher agrees)", (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
    expect(subjectMatcher(pattern)(subject)).toBe(expected);
  });

  it("covers and overlaps", () => {
    expect(subjectCovers("tools.>", "tools.execute.*")).toBe(true);
    expect(subjectCovers("tools.execute.*", "tools.>")).toBe(false);
    expect(subjectCovers("a.*", "a.b")).toBe(true);
    expect(subjectsOverlap("tools.execute.crm", "tools.*.crm")).toBe(true);
    expect(subjectsOverlap("tools.execute.crm", "tools.result.>")).toBe(false);
    expect(subjectsOverlap("a.>", "a")).toBe(false);
  });

  it("counts consumers per subject; no filter reads everything", () => {
    const filters = [["tools.execute.crm_lookup"], ["tools.execute.*"], []];
    expect(consumersReading("tools.execute.crm_lookup", filters)).toBe(3);
    expect(consumersReading("tools.execute.web_search", filters)).toBe(2);
    expect(consumersReading("tools.result.c1", [["tools.execute.>"]])).toBe(0);
  });
});

describe("publishSubjectProblem", () => {
  it("accepts plain subjects", () =>
    expect(publishSubjectProblem("tools.execute.crm_lookup")).toBeUndefined());
  it.each(["", "a.*", "a.>", "$JS.API.STREAM.LIST", "$SYS.REQ", "a..b", ".a", "a b", "a\u0001b", "$kv.x.y"])(
    "rejects %j",
    (s) => {
      expect(publishSubjectProblem(s)).toBeTypeOf("string");
    },
  );
});

describe("subjectFilterProblem", () => {
  it.each(["a.*.c", "a.>", ">", "*"])("accepts %j", (s) => expect(subjectFilterProblem(s)).toBeUndefined());
  it.each(["a.>.c", "a*", "a..b", ""])("rejects %j", (s) =>
    expect(subjectFilterProblem(s)).toBeTypeOf("string"),
  );
});
