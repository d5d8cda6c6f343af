import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

const ORIGIN = "http://localhost:3000";

// Values a browser or the URL parser could turn into another origin, and values that are not paths at all.
const HOSTILE: Array<string | string[] | null | undefined> = [
  undefined,
  null,
  "",
  " ",
  "streams",
  "//evil.example",
  "//evil.example/path",
  "///evil.example",
  "////evil.example",
  "/\\evil.example",
  "/\\\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "/\u001f/evil.example",
  "/\u007f/evil.example",
  "/\t\\evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/..//evil.example",
  "/a/..//evil.example",
  "/%2e/%2fevil.example/../",
  "https://evil.example",
  "https:evil.example",
  "http:/evil.example",
  "https:/\\evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  " /streams",
  "\t/streams",
  "/streams\r\nSet-Cookie: a=1",
  "/" + "a".repeat(5000),
  ["//evil.example", "/streams"],
  [],
];

describe("sameOriginPath", () => {
  it.each(HOSTILE.map((value) => [JSON.stringify(value)?.slice(0, 60) ?? "undefined", value]))(
    "falls back to / for %s",
    (_, value) => {
      expect(sameOriginPath(value, ORIGIN)).toBe("/");
    },
  );

  it.each([
    ["/", "/"],
    ["/demo", "/demo"],
    ["/demo/streams/ORDERS?tab=consumers#top", "/demo/streams/ORDERS?tab=consumers#top"],
    ["/demo/../audit", "/audit"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%09/evil.example/..", "/%09/"],
    ["/demo/ストリーム", "/demo/%E3%82%B9%E3%83%88%E3%83%AA%E3%83%BC%E3%83%A0"],
    ["/demo?q=a b", "/demo?q=a%20b"],
    ["/\ud800", "/%EF%BF%BD"],
    [["/first", "/second"], "/first"],
  ])("keeps the same-origin path %j as %j", (value, expected) => {
    expect(sameOriginPath(value, ORIGIN)).toBe(expected);
  });

  it("always gives a plain ASCII path a Location header can carry, whatever the origin", () => {
    for (const origin of [ORIGIN, "https://switchyard.example.com", "not an origin"])
      for (const value of [...HOSTILE, "/a\u00e9", "/x#\u2028", "/?\u{1f4a5}"]) {
        const path = sameOriginPath(value, origin);
        expect(path).toMatch(/^\/(?!\/)[\x21-\x7e]*$|^\/$/);
      }
  });
});
