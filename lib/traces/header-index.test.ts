import { describe, expect, it } from "vitest";
import { HeaderIndex, packHeaders, unpackHeaders, type IndexEntry } from "./header-index";
import { decodePayload, parseHeaderBlock } from "./decode-payload";
import { isoFromMs, preciseMs } from "@/lib/core/precise-time";

const entry = (conversationId: string, seq: number, time: number): IndexEntry => ({
  conversationId,
  stream: "S",
  seq,
  subject: "a.b",
  time,
  size: 1,
  role: "request",
  headers: "",
});

describe("HeaderIndex", () => {
  it("is bounded by size: the oldest entries go first", () => {
    const index = new HeaderIndex(3, 60_000);
    for (let i = 1; i <= 5; i++) index.add(entry(`c${i % 2}`, i, 1000 + i), 2000);
    expect(index.size).toBe(3);
    expect(index.get("c1").map((e) => e.seq)).toEqual([3, 5]);
    expect(index.get("c0").map((e) => e.seq)).toEqual([4]);
  });

  it("is bounded by age and ignores duplicates", () => {
    const index = new HeaderIndex(100, 1000);
    index.add(entry("a", 1, 0), 500);
    index.add(entry("a", 1, 0), 500);
    index.add(entry("b", 2, 900), 900);
    expect(index.size).toBe(2);
    index.evict(1500);
    expect(index.get("a")).toEqual([]);
    expect(index.conversations).toBe(1);
  });

  it("lists recent conversations newest first, with a search", () => {
    const index = new HeaderIndex(100, 1e9);
    ["x1", "y2", "x1", "x3"].forEach((id, i) => index.add(entry(id, i + 1, i), 10));
    expect(index.recent(10)).toEqual(["x3", "x1", "y2"]);
    expect(index.recent(10, (id) => id.startsWith("x"))).toEqual(["x3", "x1"]);
    expect(index.recent(1)).toEqual(["x3"]);
  });

  it("stores the conversation id once, and gives the headers back whole", () => {
    const index = new HeaderIndex(10, 1e9);
    const headers = packHeaders([
      ["Conversation-Id", "c(1)+"],
      ["X", "c(1)+"],
      ["Request-Id", "r"],
    ]);
    index.add({ ...entry("c(1)+", 1, 5), headers }, 10);
    expect(unpackHeaders(index.get("c(1)+")[0]!.headers)).toEqual([
      ["Conversation-Id", "c(1)+"],
      ["X", "c(1)+"],
      ["Request-Id", "r"],
    ]);
    expect(index.has("c(1)+", "request")).toBe(true);
    expect(index.has("c(1)+", "dead_letter")).toBe(false);
  });

  it("keeps conversations in order of their latest entry, with a version that moves with their entries", () => {
    const index = new HeaderIndex(4, 1e9);
    index.add(entry("a", 1, 1), 10);
    index.add(entry("b", 2, 2), 10);
    expect(index.recent(10)).toEqual(["b", "a"]);
    const before = index.version("a");
    index.add(entry("a", 3, 3), 10);
    expect(index.recent(10)).toEqual(["a", "b"]);
    expect(index.version("a")).toBeGreaterThan(before);
    expect(index.version("nobody")).toBe(0);
    expect(index.refs("a")).toEqual([
      { stream: "S", seq: 1 },
      { stream: "S", seq: 3 },
    ]);
    // Evicting "a"'s oldest entry changes its version; evicting "b"'s only one removes it from the list.
    const beforeEviction = index.version("a");
    index.add(entry("c", 4, 4), 10);
    index.add(entry("c", 5, 5), 10);
    expect(index.version("a")).toBeGreaterThan(beforeEviction);
    expect(index.recent(10)).toEqual(["c", "a", "b"]);
    index.add(entry("c", 6, 6), 10);
    expect(index.recent(10)).toEqual(["c", "a"]);
    expect(index.conversations).toBe(2);
  });

  it("counts dead letters without scanning, through evictions", () => {
    const index = new HeaderIndex(2, 1e9);
    index.add({ ...entry("a", 1, 1), role: "dead_letter" }, 10);
    expect(index.has("a", "dead_letter")).toBe(true);
    index.add(entry("a", 2, 2), 10);
    index.add(entry("a", 3, 3), 10);
    expect(index.has("a", "dead_letter")).toBe(false);
    expect(index.has("a", "request")).toBe(true);
  });

  it("grows its ring past the first allocation without losing or reordering entries", () => {
    const index = new HeaderIndex(5000, 1e9);
    for (let i = 1; i <= 6000; i++)
      index.add({ ...entry(`c${i % 7}`, i, i), headers: packHeaders([["Request-Id", `r${i}`]]) }, 10_000);
    expect(index.size).toBe(5000);
    expect(index.oldest()).toBe(1001);
    const c3 = index.get("c3");
    expect(c3.map((e) => e.seq)).toEqual(
      Array.from({ length: 6000 }, (_, i) => i + 1).filter((i) => i > 1000 && i % 7 === 3),
    );
    expect(unpackHeaders(c3.at(-1)!.headers)).toEqual([["Request-Id", `r${c3.at(-1)!.seq}`]]);
    expect(index.recent(3)).toEqual(["c1", "c0", "c6"]);
  });

  it("packs headers without loss", () => {
    const pairs: [string, string][] = [
      ["A", "1"],
      ["B", "two words"],
      ["A", "3"],
    ];
    expect(unpackHeaders(packHeaders(pairs))).toEqual(pairs);
    expect(unpackHeaders("")).toEqual([]);
  });
});

describe("payload display", () => {
  it("pretty-prints JSON, keeps text, and shows binary or control characters as hex", () => {
    expect(decodePayload(new TextEncoder().encode('{"a":1}'))).toEqual({
      kind: "json",
      text: '{\n  "a": 1\n}',
      truncated: false,
    });
    expect(decodePayload(new TextEncoder().encode("<b>hi</b>")).kind).toBe("text");
    const binary = decodePayload(new Uint8Array([0xff, 0x00, 0x41]));
    expect(binary.kind).toBe("binary");
    expect(binary.text).toContain("ff 00 41");
    expect(decodePayload(new TextEncoder().encode("ok\u001b[31m")).kind).toBe("binary");
    expect(decodePayload(null).kind).toBe("missing");
    expect(decodePayload(new TextEncoder().encode("x".repeat(10)), 4)).toEqual({
      kind: "text",
      text: "xxxx",
      truncated: true,
    });
  });

  it("parses a raw header block", () => {
    expect(parseHeaderBlock("NATS/1.0\r\nConversation-Id: c1\r\nA: b: c\r\n\r\n")).toEqual([
      ["Conversation-Id", "c1"],
      ["A", "b: c"],
    ]);
  });

  it("keeps sub-millisecond order", () => {
    expect(preciseMs("2026-01-01T00:00:00.000500Z") - preciseMs("2026-01-01T00:00:00.000100Z")).toBeCloseTo(
      0.4,
      3,
    );
    expect(isoFromMs(preciseMs("2026-01-01T00:00:00.123456789Z"))).toMatch(
      /^2026-01-01T00:00:00\.1234(5\d|6\d)Z$/,
    );
  });
});
