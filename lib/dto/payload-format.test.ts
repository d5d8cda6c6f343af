import { describe, expect, it } from "vitest";
import { hexDump, payloadViews, visibleControls } from "./payload-format";

describe("payloadViews", () => {
  it("pretty-prints JSON", () => {
    expect(payloadViews(new TextEncoder().encode('{"a":1}')).json).toBe('{\n  "a": 1\n}');
  });
  it("keeps HTML as text (rendered as text by React, never as markup)", () => {
    const v = payloadViews(new TextEncoder().encode("<script>alert(1)</script>"));
    expect(v.json).toBeNull();
    expect(v.text).toBe("<script>alert(1)</script>");
  });
  it("falls back to hex for non-UTF-8", () => {
    const v = payloadViews(new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect(v.text).toBeNull();
    expect(v.hex).toBe(`00000000  ${"ff fe 00 41".padEnd(47)}  ...A`);
  });
  it("caps the hex dump", () => {
    expect(hexDump(new Uint8Array(40), 16).split("\n")).toHaveLength(2);
  });
  it("shows control characters", () => {
    expect(visibleControls("a\u0007b\r\n")).toBe("a\\u0007b\\u000d\\u000a");
  });
});
