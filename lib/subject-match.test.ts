import { describe, expect, it } from "vitest";
import { consumersReading, subjectCovers, subjectMatches, subjectsOverlap } from "./subject-match";

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
  ])("%s matches %s → %s", (pattern, subject, expected) =>
    expect(subjectMatches(pattern, subject)).toBe(expected),
  );

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
