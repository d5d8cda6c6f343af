// Route × role matrix: every handler under app/api, found by walking the folder, against anonymous / viewer /
// operator / admin.
import { beforeAll, describe, expect, it } from "vitest";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { roleAllows } from "@/lib/core/roles";
import { AUDIT_STREAM } from "@/lib/audit/audit-stream";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
  type Identity,
} from "@/lib/testing/route-harness";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import type { Role } from "@/lib/core/actor";

/** Routes that deliberately do not use apiRoute (and so have no permission): liveness for load balancers. */
const NOT_API_ROUTE = new Set(["GET /api/health"]);

const PARAMS: Record<string, string> = {
  env: "test",
  stream: "MATRIX",
  seq: "1",
  consumer: "matrix-reader",
  id: "conv-matrix",
  dlq: "MATRIX_DLQ",
  action: "cancel",
  tool: "crm_lookup",
};

/** Route-specific samples where one name means different things (a redrive job id vs a conversation id). */
function paramsFor(route: DiscoveredRoute): Record<string, string> {
  const params = Object.fromEntries(route.params.map((p) => [p, PARAMS[p]!]));
  if (route.path.includes("/redrive/[id]")) params.id = "rd-matrix";
  return params;
}

const suite = useNatsServer();
let fixture: AuthFixture;
let routes: DiscoveredRoute[];

/** A request body that a route accepts, when it takes one. New body-taking routes: add a sample here. */
/** A query string for routes that need one (series need a metric). New query-taking routes: add a sample here. */
function sampleQuery(route: DiscoveredRoute): string {
  if (route.path.endsWith("/consumers/[consumer]/series")) return "?metric=backlog&range=15m";
  if (route.path.endsWith("/tools/[tool]/series")) return "?metric=p95&range=15m";
  if (route.path.endsWith("/series")) return "?metric=messages&range=15m";
  return "";
}

function sampleBody(route: DiscoveredRoute): string | undefined {
  if (route.path === "/api/env/[env]/redrive")
    return JSON.stringify({ dlq: PARAMS.dlq, selection: { seqs: [1] }, dryRun: true });
  if (route.path === "/api/env/[env]/dead-letters/discard")
    return JSON.stringify({ dlq: PARAMS.dlq, selection: { seqs: [999_999] } });
  if (route.path.endsWith("/[dlq]/[seq]/redrive")) return JSON.stringify({ payload: "{}", headers: [] });
  if (route.path === "/api/auth/login")
    return JSON.stringify({ user: "admin", password: fixture.passwords.admin });
  return undefined;
}

beforeAll(async () => {
  const { nc, server } = suite();
  const jsm = await (await import("@nats-io/jetstream")).jetstreamManager(nc);
  await jsm.streams.add({ name: "MATRIX", subjects: ["matrix.>"] });
  await jsm.consumers.add("MATRIX", { durable_name: PARAMS.consumer!, ack_policy: "explicit" as never });
  // A conversation to look up: conversation routes answer 404 for ids with no message.
  await jsm.streams.add({ name: "CONVERSATIONS", subjects: ["conversations.>"] });
  await jetstream(nc).publish(
    `conversations.${PARAMS.id}.messages`,
    JSON.stringify({ role: "user", content: "hello" }),
  );
  // A dead-letter queue with one entry, for the dead-letter and redrive routes.
  await jsm.streams.add({ name: PARAMS.dlq!, subjects: ["matrix-dlq.>"] });
  const h = natsHeaders();
  h.set("X-Dlq-Stream", "MATRIX");
  h.set("X-Dlq-Subject", "matrix.one");
  h.set("X-Dlq-Seq", "1");
  await jetstream(nc).publish("matrix-dlq.matrix.one", JSON.stringify({ customer: "ada@example.com" }), {
    headers: h,
  });
  await jetstream(nc).publish("matrix.one", JSON.stringify({ customer: "ada@example.com" }));
  fixture = await installAuthFixture(server.url);
  routes = await discoverRoutes();
});

const identities: Identity[] = [
  "anonymous",
  "viewer",
  "operator",
  "admin",
  "token:viewer",
  "token:operator",
  "token:admin",
];

/**
 * "allowed": authorization passed — any answer but 401/403 and no 5xx. (A mutation may then legitimately answer
 * 404/409/422 for the state it finds, e.g. an entry an earlier identity already redrove.)
 */
function expected(permission: string, identity: Identity): "allowed" | 401 | 403 {
  if (permission === "public") return "allowed";
  if (identity === "anonymous") return 401;
  const role = identity.replace("token:", "") as Role;
  return roleAllows(role, permission as "read") ? "allowed" : 403;
}

describe("route × role matrix", () => {
  it("covers every route found under app/api, and each one declares a permission through apiRoute", () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (NOT_API_ROUTE.has(key)) continue;
      expect(route.handler.permission, `${key} must be made with apiRoute`).toMatch(
        /^(public|read|operate|admin)$/,
      );
      for (const param of route.params)
        expect(PARAMS[param], `${key}: add a sample value for [${param}]`).toBeDefined();
    }
  });

  it("answers 401 / 403 / 2xx for every route and identity", { timeout: 120_000 }, async () => {
    const table: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (NOT_API_ROUTE.has(key)) continue;
      const row: string[] = [];
      for (const identity of identities) {
        const params = paramsFor(route);
        const response = await callRoute(route, {
          params,
          headers: { ...fixture.headersFor(identity), "content-type": "application/json" },
          body: sampleBody(route),
          query: sampleQuery(route),
        });
        await response.body?.cancel();
        const want = expected(route.handler.permission!, identity);
        const ok =
          want === "allowed"
            ? response.status !== 401 && response.status !== 403 && response.status < 500
            : response.status === want;
        expect(ok, `${key} as ${identity}: got ${response.status}, want ${want}`).toBe(true);
        row.push(`${identity}=${response.status}`);
        checks++;
      }
      table.push(`${key.padEnd(62)} ${route.handler.permission!.padEnd(8)} ${row.join(" ")}`);
    }
    console.log(
      `route × role matrix: ${checks} checks over ${table.length} route handlers\n${table.join("\n")}`,
    );
  });

  it("refuses cross-site mutations even from a signed-in admin, but not from API tokens", async () => {
    const reveal = routes.find((r) => r.method === "POST" && r.path.endsWith("/messages/[seq]/reveal"))!;
    const admin = fixture.headersFor("admin");
    for (const headers of <Array<Record<string, string>>>[
      { ...admin, origin: "https://evil.example" },
      { ...admin, "x-switchyard-csrf": "" },
      { ...admin, origin: "null" },
      { host: admin.host!, cookie: admin.cookie!, "x-switchyard-csrf": "1", "sec-fetch-site": "cross-site" },
    ]) {
      const response = await callRoute(reveal, { params: PARAMS, headers });
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/cross-site/);
    }
    const token = fixture.headersFor("token:operator");
    const response = await callRoute(reveal, {
      params: PARAMS,
      headers: { authorization: token.authorization!, origin: "https://evil.example" },
    });
    expect(response.status).toBe(200);
  });

  it("masks the payload for reads and audits reveals with user and address", async () => {
    const get = routes.find((r) => r.method === "GET" && r.path.endsWith("/messages/[seq]"))!;
    const masked = await (
      await callRoute(get, { params: PARAMS, headers: fixture.headersFor("viewer") })
    ).json();
    expect(masked.payload.text).toBe('{"customer":"[masked:email]"}');
    expect(masked.masking).toEqual({ masked: 1, revealed: false });
    const reveal = routes.find((r) => r.method === "POST" && r.path.endsWith("/messages/[seq]/reveal"))!;
    const revealed = await (
      await callRoute(reveal, { params: PARAMS, headers: fixture.headersFor("operator") })
    ).json();
    expect(revealed.payload.text).toBe('{"customer":"ada@example.com"}');
    const jsm = await (await import("@nats-io/jetstream")).jetstreamManager(suite().nc);
    const last = await waitFor(async () => {
      const info = await jsm.streams.info(AUDIT_STREAM);
      const msg = await jsm.streams.getMessage(AUDIT_STREAM, { last_by_subj: "switchyard.audit.reveal" });
      return info.state.messages > 0 && msg ? msg.json<Record<string, unknown>>() : null;
    });
    expect(last).toMatchObject({
      user: "operator",
      address: "10.9.8.7",
      action: "reveal",
      detail: { environment: "test", stream: "MATRIX", seq: 1 },
    });
  });

  it("rate-limits failed sign-ins and audits them", async () => {
    const login = routes.find((r) => r.path === "/api/auth/login")!;
    const headers = {
      ...fixture.headersFor("anonymous"),
      "x-forwarded-for": "10.7.7.7",
      "content-type": "application/json",
    };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await callRoute(login, {
            params: {},
            headers,
            body: JSON.stringify({ user: "viewer", password: "wrong" }),
          })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const ok = await callRoute(login, {
      params: {},
      headers: { ...headers, "x-forwarded-for": "10.7.7.8" },
      body: JSON.stringify({ user: "admin", password: fixture.passwords.admin }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(
      /^switchyard_session=.+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/,
    );
    const jsm = await (await import("@nats-io/jetstream")).jetstreamManager(suite().nc);
    const failed = await waitFor(() =>
      jsm.streams.getMessage(AUDIT_STREAM, { last_by_subj: "switchyard.audit.signin_failed" }),
    );
    expect(failed.json()).toMatchObject({ user: "viewer", address: "10.7.7.7", action: "signin_failed" });
  });
});
