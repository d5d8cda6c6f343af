// Generated bad input against every API route (found under app/api): no 5xx, and every answer a JSON error
// naming the problem.
import { beforeAll, describe, expect, it } from "vitest";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
} from "@/lib/testing/route-harness";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import type { SwitchyardConfig } from "@/lib/config/load-config";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { MAX_BODY_BYTES } from "./route";

const GOOD: Record<string, string> = {
  env: "test",
  stream: "BADINPUT",
  seq: "1",
  consumer: "bad-reader",
  id: "conv-bad",
  dlq: "BADINPUT",
  action: "cancel",
  tool: "crm_lookup",
};

/** Good values for a route's params (a redrive job id has its own shape). */
const goodParams = (route: { path: string; params: string[] }) =>
  Object.fromEntries(
    route.params.map((p) => [p, p === "id" && route.path.includes("/redrive/") ? "rd-bad" : GOOD[p]!]),
  );

const BAD_VALUES = [
  "",
  " ",
  "*",
  ">",
  "a.*",
  "a.>",
  "foo.*.bar",
  "$JS.API.STREAM.LIST",
  "$JS.API.STREAM.DELETE.BADINPUT",
  "$SYS.REQ.SERVER.PING",
  "$SYS.>",
  "$KV.x.y",
  "../../etc/passwd",
  "..",
  "../",
  "..\\..\\windows",
  "%2e%2e%2f%2e%2e%2f",
  "/etc/passwd",
  "a/b",
  "a\\b",
  "a.b",
  "\u0000",
  "a\u0000b",
  "\u001b[31mred",
  "\r\nSet-Cookie: x=1",
  "line\nbreak",
  "\t",
  "\u202egnp.exe",
  "\ufeffBOM",
  "\ud800",
  "💥",
  "ストリーム",
  "Ünïcödé",
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(1)</script>",
  "' OR 1=1 --",
  "${7*7}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "true",
  "1e309",
  "-1",
  "0",
  "-0",
  "1.5",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "9007199254740993",
  "99999999999999999999999999999999",
  "1e21",
  " 1",
  "1 ",
  "+1",
  "0b11",
  "a".repeat(300),
  "x".repeat(10_000),
];

/** Seeded random strings of characters names may not hold (wildcards, separators, controls, lone surrogates). */
function fuzzValues(count: number, seed: number): string[] {
  const alphabet = [
    ".",
    "*",
    ">",
    "/",
    "\\",
    " ",
    "\t",
    "\n",
    "\u0000",
    "\u0007",
    "\u007f",
    "\u2028",
    "\ud83d",
    "$",
    "%",
    "?",
    "#",
    "&",
    "=",
    "..",
    "A",
    "z",
    "9",
    "é",
  ];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * 12);
    let value = "";
    for (let i = 0; i < length; i++) value += alphabet[Math.floor(next() * alphabet.length)];
    // Make sure every generated value holds at least one character no name may contain.
    return value + [".", "*", ">", " ", "\u0000", "/"][Math.floor(next() * 6)];
  });
}

const FUZZ = fuzzValues(60, 20261126);

const MALFORMED_JSON = [
  "",
  " ",
  "{",
  "}",
  "[",
  '{"user":',
  "{'user':'a'}",
  "{user:1}",
  "undefined",
  "NaN",
  '{"a":1,}',
  "[1,2,",
  '"unterminated',
  "tru",
  "nul",
  '{"user":"a","password":"b"}garbage',
  '{"user":1e999,"password":"x"}',
  '{"user":"a","password":-1e999}',
  "[1e999]",
  "123456789012345678901234567890",
  "\u0000",
  '{"a":"\\u00"}',
  "\ufeff{}",
  "<xml/>",
  "a=1&b=2",
  "--boundary\r\n",
];

const WRONG_TYPES: unknown[] = [
  null,
  true,
  0,
  1e308,
  -1,
  "string",
  [],
  [1, 2],
  {},
  { user: 1, password: 2 },
  { user: null, password: null },
  { user: [], password: {} },
  { user: "a".repeat(100), password: "x" },
  { user: "a", password: "x".repeat(2000) },
  { user: "", password: "" },
  { user: "admin" },
  { password: "x" },
  { user: { $gt: "" }, password: { $gt: "" } },
  { __proto__: { admin: true }, user: "a", password: "b" },
  { user: "a\u0000", password: "b" },
  { user: Number.MAX_SAFE_INTEGER + 2, password: 1e21 },
  { user: "<img src=x onerror=alert(1)>", password: "</script>" },
  { seq: -1 },
  { stream: "$JS.API.>" },
  { subject: "*" },
  { env: "../../" },
];

const suite = useNatsServer();
let fixture: AuthFixture;
let routes: DiscoveredRoute[];
const outcomes = { total: 0, byStatus: new Map<number, number>() };

beforeAll(async () => {
  const { nc, server } = suite();
  const jsm = await (await import("@nats-io/jetstream")).jetstreamManager(nc);
  await jsm.streams.add({ name: "BADINPUT", subjects: ["bad.>"] });
  fixture = await installAuthFixture(server.url);
  routes = (await discoverRoutes()).filter((r) => r.handler.permission !== undefined);
});

const CONFIG_KEY = Symbol.for("switchyard.config");

/** Runs `fn` with another fixture (other mode or settings) installed, then puts the suite's own back. */
async function withFixture(extraEnv: Record<string, string>, fn: (other: AuthFixture) => Promise<void>) {
  const other = await installAuthFixture(suite().server.url, extraEnv);
  try {
    await fn(other);
  } finally {
    (globalThis as Record<symbol, SwitchyardConfig>)[CONFIG_KEY] = fixture.config;
  }
}

const CHUNK = 64 * 1024;

/** A body that would stream `total` bytes in CHUNK pieces, produced only as read; `pulled()` says how many were. */
function endlessBody(total = 50 * 1024 * 1024): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let pulled = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += CHUNK;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

async function expectJsonError(response: Response, what: string): Promise<void> {
  outcomes.total++;
  outcomes.byStatus.set(response.status, (outcomes.byStatus.get(response.status) ?? 0) + 1);
  const text = await response.text();
  let body: { error?: { code?: unknown; message?: unknown } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // reported below
  }
  const problems = [
    response.status >= 500 ? `a ${response.status}` : "",
    response.status < 400 ? `success ${response.status} for bad input` : "",
    response.headers.get("content-type")?.includes("application/json") ? "" : "not JSON",
    typeof body.error?.code === "string" &&
    typeof body.error.message === "string" &&
    body.error.message.length > 0
      ? ""
      : "no {error:{code,message}}",
  ].filter(Boolean);
  expect(problems.length ? `${what}: ${problems.join(", ")}; body ${text.slice(0, 200)}` : "ok").toBe("ok");
}

describe("bad input on every route", () => {
  it("rejects bad path parameters", async () => {
    for (const route of routes) {
      for (const param of route.params) {
        for (const value of BAD_VALUES) {
          // A few values are valid names (e.g. "ストリーム" for a stream): those must still fail, as unknown (404).
          const params = { ...GOOD, [param]: value };
          const response = await callRoute(route, { params, headers: fixture.headersFor("admin") });
          await expectJsonError(
            response,
            `${route.method} ${route.path} [${param}]=${JSON.stringify(value).slice(0, 60)}`,
          );
        }
        for (const value of FUZZ) {
          const response = await callRoute(route, {
            params: { ...GOOD, [param]: value },
            headers: fixture.headersFor("operator"),
          });
          await expectJsonError(
            response,
            `${route.method} ${route.path} [${param}]=${JSON.stringify(value)} (fuzz)`,
          );
        }
      }
    }
    expect(outcomes.total).toBeGreaterThan(BAD_VALUES.length);
  });

  it("rejects malformed JSON, wrong types and oversized bodies on routes that take bodies", async () => {
    const posts = routes.filter((r) => r.method !== "GET");
    expect(posts.length).toBeGreaterThan(0);
    const big = "x".repeat(10 * 1024 * 1024);
    for (const route of posts) {
      const params = goodParams(route);
      const headers = { ...fixture.headersFor("admin"), "content-type": "application/json" };
      // 10 MB with an honest Content-Length, and without one (the body is still measured).
      const declared = await callRoute(route, {
        params,
        headers: { ...headers, "content-length": String(big.length) },
        body: big,
      });
      expect({ route: route.path, status: declared.status }).toEqual({ route: route.path, status: 413 });
      await expectJsonError(declared, `${route.method} ${route.path} 10 MB body`);
      if (route.path !== "/api/auth/login") continue;
      const undeclared = await callRoute(route, {
        params,
        headers,
        body: `{"user":"a","password":"${"x".repeat(MAX_BODY_BYTES)}"}`,
      });
      await expectJsonError(undeclared, `${route.method} ${route.path} oversized undeclared body`);
      for (const body of MALFORMED_JSON)
        await expectJsonError(
          await callRoute(route, { params, headers, body }),
          `${route.path} body ${JSON.stringify(body)}`,
        );
      for (const value of WRONG_TYPES)
        await expectJsonError(
          await callRoute(route, { params, headers, body: JSON.stringify(value) }),
          `${route.path} body ${JSON.stringify(value)?.slice(0, 80)}`,
        );
    }
  });

  it("rejects bad credentials and identity headers on every route", async () => {
    const junk: Array<Record<string, string>> = [
      { authorization: "Bearer " },
      { authorization: "Bearer syt_forged" },
      { authorization: "Bearer " + "a".repeat(5000) },
      { authorization: "Basic YWRtaW46YWRtaW4=" },
      { cookie: "switchyard_session=" },
      { cookie: "switchyard_session=eyJ1IjoiYWRtaW4ifQ.forged" },
      { cookie: "switchyard_session=" + "A".repeat(5000) },
      { cookie: "switchyard_session=a.b.c.d" },
      { "x-forwarded-user": "admin", "x-forwarded-groups": "admins" },
      { "x-switchyard-peer": "127.0.0.1" },
    ];
    for (const route of routes) {
      if (route.handler.permission === "public") continue;
      const params = goodParams(route);
      for (const extra of junk) {
        const response = await callRoute(route, {
          params,
          headers: { ...fixture.headersFor("anonymous"), ...extra },
        });
        expect({ route: route.path, extra, status: [401, 403].includes(response.status) }).toEqual({
          route: route.path,
          extra,
          status: true,
        });
        await expectJsonError(response, `${route.path} junk identity`);
      }
    }
  });

  it("stops reading a streamed body at the route's limit, chunked or with a lying Content-Length", async () => {
    const posts = routes.filter((r) => r.method !== "GET");
    for (const route of posts) {
      const limit = route.handler.maxBodyBytes!;
      expect(limit).toBeGreaterThan(0);
      const params = goodParams(route);
      const headers = { ...fixture.headersFor("admin"), "content-type": "application/json" };
      for (const [what, extra] of [
        ["50 MB chunked", {}],
        ["50 MB declaring 10 bytes", { "content-length": "10" }],
        ["50 MB declaring garbage", { "content-length": "ten" }],
      ] as const) {
        const stream = endlessBody();
        const response = await callRoute(route, {
          params,
          headers: { ...headers, ...extra },
          body: stream.body,
        });
        expect({ route: route.path, what, status: response.status }).toEqual({
          route: route.path,
          what,
          status: 413,
        });
        // Never read past the limit plus the chunk that crossed it.
        expect({ route: route.path, what, pulled: stream.pulled() <= limit + CHUNK }).toEqual({
          route: route.path,
          what,
          pulled: true,
        });
        await expectJsonError(response, `${route.method} ${route.path} ${what}`);
      }
    }
  });

  it("refuses hosts other than loopback at the served port in mode none (DNS rebinding), on every route", async () => {
    await withFixture({ SWITCHYARD_AUTH: "none", PORT: "3000" }, async (none) => {
      const local: Record<string, string> = {
        ...none.headersFor("anonymous"),
        "x-forwarded-for": "127.0.0.1",
      };
      const hostless: Record<string, string> = { ...local };
      delete hostless.host;
      const cases: Array<[string, Record<string, string>]> = [
        ["a foreign Host", { ...local, host: "evil.example" }],
        [
          "a rebound name at the served port",
          { ...local, host: "evil.example:3000", origin: "http://evil.example:3000" },
        ],
        [
          "a rebound name forwarded as localhost",
          { ...local, host: "evil.example:3000", "x-forwarded-host": "localhost:3000" },
        ],
        ["loopback at another port", { ...local, host: "localhost:3001", origin: "http://localhost:3001" }],
        ["no Host", hostless],
      ];
      let answered = 0;
      for (const route of routes) {
        const params = goodParams(route);
        for (const [what, headers] of cases) {
          const response = await callRoute(route, { params, headers });
          expect({ route: route.path, what, status: response.status }).toEqual({
            route: route.path,
            what,
            status: 403,
          });
          await expectJsonError(response, `${route.method} ${route.path} ${what}`);
        }
        // The same request naming localhost at the served port is answered as before.
        const ok = await callRoute(route, {
          params,
          headers: local,
          body: route.method === "GET" ? undefined : "{}",
        });
        expect(ok.status).toBeLessThan(500);
        if (ok.status !== 403) answered++;
      }
      expect(answered).toBe(routes.length);
    });
  });

  it("refuses hosts outside auth.publicOrigins, and X-Forwarded-Host from untrusted peers", async () => {
    await withFixture({ SWITCHYARD_PUBLIC_ORIGINS: "https://switchyard.example.com" }, async (listed) => {
      const viewer = listed.headersFor("viewer");
      for (const route of routes) {
        const params = goodParams(route);
        for (const headers of [
          { ...viewer, host: "localhost:3000" },
          { ...viewer, host: "evil.example", "x-forwarded-host": "switchyard.example.com" },
          { ...viewer, host: "switchyard.example.com:8443" },
        ]) {
          const response = await callRoute(route, { params, headers });
          expect({ route: route.path, headers, status: response.status }).toEqual({
            route: route.path,
            headers,
            status: 403,
          });
          await expectJsonError(response, `${route.method} ${route.path} host ${headers.host}`);
        }
      }
      const session = routes.find((r) => r.path === "/api/auth/session")!;
      const ok = await callRoute(session, {
        params: {},
        headers: { ...viewer, host: "switchyard.example.com" },
      });
      expect(ok.status).toBe(200);
    });
  });

  it("sends pages to /login with a same-origin next, or refuses the host, never a 5xx", async () => {
    const nexts = [
      "//evil.example",
      "/\\evil.example",
      "/%09/evil.example",
      "/.//evil.example",
      "/%2F%2Fevil.example",
      "/%0d%0aSet-Cookie:%20a=1",
      "/%E2%80%AE",
      "/" + "a".repeat(3000),
    ];
    for (const path of nexts) {
      const response = await proxy(
        new NextRequest(`http://localhost:3000${path}?x=1`, { headers: { host: "localhost:3000" } }),
      );
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get("location")!, "http://localhost:3000");
      expect(location.origin).toBe("http://localhost:3000");
      expect(location.pathname).toBe("/login");
      const next = location.searchParams.get("next")!;
      expect(new URL(next, "http://localhost:3000").origin).toBe("http://localhost:3000");
      expect(next).toMatch(/^\/(?!\/)/);
    }
    await withFixture({ SWITCHYARD_AUTH: "none" }, async () => {
      for (const host of ["evil.example:3000", "localhost:3001", ""]) {
        const response = await proxy(
          new NextRequest("http://localhost:3000/test", {
            headers: { host, "x-forwarded-for": "127.0.0.1" },
          }),
        );
        expect({ host, status: response.status }).toEqual({ host, status: 403 });
        expect(await response.text()).toMatch(/^refused: /);
      }
      const local = await proxy(
        new NextRequest("http://localhost:3000/test", {
          headers: { host: "localhost:3000", "x-forwarded-for": "127.0.0.1" },
        }),
      );
      expect(local.status).toBe(200);
    });
  });

  it("adds up to at least 1,000 generated bad inputs", () => {
    console.log(
      `bad-input suite: ${outcomes.total} requests over ${routes.length} route handlers, statuses ${JSON.stringify(Object.fromEntries([...outcomes.byStatus].sort()))}`,
    );
    expect(outcomes.total).toBeGreaterThanOrEqual(1000);
  });
});
