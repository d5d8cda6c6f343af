// Refused mutations are audited, found by walking app/api like the route × role matrix: every mutation route a
// viewer may not use and every cookie mutation without the CSRF header leaves a `refused` record; a flood from one
// caller stores at most REFUSED_PER_MINUTE records and one summary. Failed sign-in names are for admins only.
import { jetstreamManager } from "@nats-io/jetstream";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_STREAM } from "@/lib/audit/audit-stream";
import { REFUSED_PER_MINUTE } from "@/lib/audit/record-refused";
import { roleAllows } from "@/lib/core/roles";
import { HIDDEN_USER, type AuditRecord } from "@/lib/dto/audit";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
  type Identity,
} from "@/lib/testing/route-harness";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";

const PARAMS: Record<string, string> = {
  env: "test",
  stream: "REFUSED",
  seq: "1",
  consumer: "refused-reader",
  id: "conv-refused",
  dlq: "REFUSED_DLQ",
  action: "cancel",
  tool: "crm_lookup",
};

const suite = useNatsServer();
let fixture: AuthFixture;
let routes: DiscoveredRoute[];

beforeAll(async () => {
  fixture = await installAuthFixture(suite().server.url);
  routes = await discoverRoutes();
});

async function refusedRecords(): Promise<AuditRecord[]> {
  const jsm = await jetstreamManager(suite().nc);
  const records: AuditRecord[] = [];
  const info = await jsm.streams.info(AUDIT_STREAM).catch(() => undefined);
  if (!info) return records;
  const last = info.state.last_seq;
  for (let seq = info.state.first_seq; seq <= last; seq++) {
    const msg = await jsm.streams.getMessage(AUDIT_STREAM, { seq }).catch(() => null);
    if (msg?.subject === "switchyard.audit.refused") records.push(msg.json<AuditRecord>());
  }
  return records;
}

function paramsFor(route: DiscoveredRoute): Record<string, string> {
  return Object.fromEntries(route.params.map((p) => [p, PARAMS[p]!]));
}

describe("refused mutations are audited", () => {
  it("for every mutation route: a viewer without the role, and a cookie without the CSRF header", async () => {
    const mutations = routes.filter((r) => r.method !== "GET" && r.handler.permission);
    expect(mutations.length).toBeGreaterThanOrEqual(5);
    const expected: { address: string; path: string; reason: string; user: string }[] = [];
    let n = 0;
    for (const route of mutations) {
      const cases: [Identity, Record<string, string>, string][] = [];
      if (!roleAllows("viewer", route.handler.permission as "read")) cases.push(["viewer", {}, "role"]);
      cases.push(["admin", { "x-switchyard-csrf": "" }, "csrf"]);
      for (const [identity, extra, reason] of cases) {
        // One address per call, so the per-caller limit does not hide any of them.
        const address = `10.40.${Math.floor(n / 250)}.${(n % 250) + 1}`;
        n++;
        const params = paramsFor(route);
        const response = await callRoute(route, {
          params,
          headers: { ...fixture.headersFor(identity), ...extra, "x-forwarded-for": address },
        });
        await response.body?.cancel();
        expect(response.status, `${route.method} ${route.path} as ${identity} (${reason})`).toBe(403);
        let path = route.path;
        for (const [name, value] of Object.entries(params)) path = path.replace(`[${name}]`, value);
        expected.push({ address, path, reason, user: identity });
      }
    }
    const records = await waitFor(
      async () => {
        const found = await refusedRecords();
        return found.length >= expected.length ? found : null;
      },
      { what: "the refused records" },
    );
    for (const want of expected) {
      const record = records.find((r) => r.address === want.address);
      expect(record, `${want.path} from ${want.address}`).toMatchObject({
        user: want.user,
        action: "refused",
        result: "failed",
        detail: { path: want.path, reason: want.reason, status: 403, role: want.user },
      });
    }
    console.log(
      `refused-mutation audit: ${expected.length} refusals over ${mutations.length} mutation routes`,
    );
  });

  it("a flood from one caller stores at most the limit and one summary", async () => {
    const reveal = routes.find((r) => r.method === "POST" && r.path.endsWith("/messages/[seq]/reveal"))!;
    const address = "10.41.0.1";
    for (let i = 0; i < 40; i++) {
      const response = await callRoute(reveal, {
        params: paramsFor(reveal),
        headers: { ...fixture.headersFor("anonymous"), "x-forwarded-for": address },
      });
      expect(response.status).toBe(401);
    }
    const mine = await waitFor(
      async () => {
        const found = (await refusedRecords()).filter((r) => r.address === address);
        return found.some((r) => r.detail.summary) ? found : null;
      },
      { what: "the summary record" },
    );
    expect(mine).toHaveLength(REFUSED_PER_MINUTE + 1);
    expect(mine.filter((r) => r.detail.summary)).toHaveLength(1);
    expect(mine[0]).toMatchObject({ user: "anonymous", detail: { reason: "unauthenticated", status: 401 } });
  });
});

describe("failed sign-in names", () => {
  it("are shown to admins only", async () => {
    const login = routes.find((r) => r.path === "/api/auth/login")!;
    const typed = "hunter2-typed-in-the-name-box";
    const response = await callRoute(login, {
      params: {},
      headers: {
        ...fixture.headersFor("anonymous"),
        "x-forwarded-for": "10.42.0.1",
        "content-type": "application/json",
      },
      body: JSON.stringify({ user: typed, password: "whatever" }),
    });
    expect(response.status).toBe(401);
    const audit = routes.find((r) => r.method === "GET" && r.path === "/api/env/[env]/audit")!;
    const failedFor = async (identity: Identity) => {
      const page = await (
        await callRoute(audit, { params: { env: "test" }, headers: fixture.headersFor(identity) })
      ).json();
      return (page.records as AuditRecord[]).filter(
        (r) => r.action === "signin_failed" && r.address === "10.42.0.1",
      );
    };
    await waitFor(async () => (await failedFor("admin")).length === 1, { what: "the failed sign-in record" });
    expect((await failedFor("admin"))[0]!.user).toBe(typed);
    expect((await failedFor("token:admin"))[0]!.user).toBe(typed);
    for (const identity of ["viewer", "operator", "token:viewer", "token:operator"] as Identity[]) {
      const records = await failedFor(identity);
      expect(records).toHaveLength(1);
      expect(records[0]!.user, `as ${identity}`).toBe(HIDDEN_USER);
      expect(JSON.stringify(records), `as ${identity}`).not.toContain(typed);
    }
  });
});
