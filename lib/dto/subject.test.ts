import { describe, expect, it } from "vitest";
import { publishSubjectProblem, subjectFilterProblem, subjectMatches } from "./subject";

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

describe("subjectMatches", () => {
  it.each([
    ["tools.execute.*", "tools.execute.crm", true],
    ["tools.execute.*", "tools.execute.crm.x", false],
    ["tools.>", "tools.execute.crm", true],
    ["tools.>", "tools", false],
    ["tools.execute.crm", "tools.execute.crm", true],
    ["*.execute.crm", "tools.execute.web", false],
  ])("%s ~ %s = %s", (f, s, want) => expect(subjectMatches(f, s)).toBe(want));
});
