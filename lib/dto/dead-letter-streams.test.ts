import { describe, expect, it } from "vitest";
import { isDeadLetterStream } from "./dead-letter-streams";

describe("isDeadLetterStream", () => {
  it.each([
    ["DEAD_LETTERS", true],
    ["orders-dlq", true],
    ["DLQ", true],
    ["deadletter", true],
    ["TOOL_REQUESTS", false],
    ["HANDLQUEUE", false],
  ])("%s → %s", (name, expected) => expect(isDeadLetterStream(name, [])).toBe(expected));

  it("honours configured names", () => expect(isDeadLetterStream("FAILED_JOBS", ["FAILED_JOBS"])).toBe(true));
});
