import { describe, expect, it } from "vitest";
import { filterFromParams, filterToSearch, hasFilter } from "./dead-letter-query";

describe("dead-letter filters in the URL", () => {
  it("round-trips", () => {
    const { filter } = filterFromParams({
      subject: "tools.execute.*",
      reason: "terminated",
      text: "timeout",
      ignored: "x",
    });
    expect(filter).toEqual({ subject: "tools.execute.*", reason: "terminated", text: "timeout" });
    expect(filterToSearch(filter, { dlq: "D" })).toBe(
      "?subject=tools.execute.*&reason=terminated&text=timeout&dlq=D",
    );
    expect(hasFilter(filter)).toBe(true);
    expect(hasFilter({})).toBe(false);
  });

  it("reports an invalid filter instead of throwing", () => {
    expect(filterFromParams({ subject: "a.>.b" }).error).toMatch(/^subject:/);
    expect(filterFromParams({ reason: "bogus" }).error).toMatch(/^reason:/);
    expect(filterFromParams({ from: "yesterday-ish" }).error).toMatch(/^from:/);
  });
});
