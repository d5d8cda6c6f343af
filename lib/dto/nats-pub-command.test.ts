import { describe, expect, it } from "vitest";
import { natsPubCommand, shellQuote } from "./nats-pub-command";

describe("natsPubCommand", () => {
  it("quotes subject, headers and payload, and leaves out server and origin headers", () => {
    const cmd = natsPubCommand(
      "tools.execute.crm",
      [
        ["Conversation-Id", "c1"],
        ["Nats-Msg-Id", "x"],
        ["X-Dlq-Stream", "W"],
      ],
      `{"a":"it's"}`,
    );
    expect(cmd).toBe(`nats pub 'tools.execute.crm' -H 'Conversation-Id:c1' '{"a":"it'\\''s"}'`);
  });

  it("points at a file for binary payloads", () => {
    expect(natsPubCommand("a.b", [], null)).toBe("nats pub 'a.b' --force-stdin < payload.bin");
  });

  it("neutralises shell metacharacters", () => {
    expect(shellQuote("$(rm -rf /); `x`")).toBe("'$(rm -rf /); `x`'");
  });
});
