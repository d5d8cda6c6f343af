// Exposure matrix: every API route found under app/api, called by a viewer (session cookie and API token) with
// the parameters of seeded secrets, must never answer with one of them; an operator's reveal must (and is audited).
// The pages are checked against a running server in e2e/exposure.spec.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { AUDIT_STREAM } from "@/lib/audit/audit-stream";
import { ensureOwnDlqStream } from "@/lib/dlq/entries";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
  type Identity,
} from "@/lib/testing/route-harness";
import { findSecrets, OWN_DLQ, SECRETS, seedSecrets, type Seeded } from "@/lib/testing/exposure-seed";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { getTimeline } from "@/lib/traces/queries";

const suite = useNatsServer();
let fixture: AuthFixture;
let routes: DiscoveredRoute[];
let seeded: Seeded;

const VIEWERS: Identity[] = ["viewer", "token:viewer"];

/** Every value a route parameter takes: each seeded place a secret can be read from. */
function paramValues(name: string, route: DiscoveredRoute): string[] | undefined {
  const seqs = [...new Set(seeded.messages.map((m) => String(m.seq)))];
  const values: Record<string, string[]> = {
    env: ["test"],
    stream: [...new Set(seeded.messages.map((m) => m.stream))],
    seq: seqs,
    dlq: [OWN_DLQ, seeded.appDlq],
    id: route.path.includes("/redrive/[id]") ? ["rd-exposure"] : [seeded.conversationId],
    consumer: ["exposure-reader"],
    action: ["cancel"],
    tool: ["crm_lookup"],
  };
  return values[name];
}

function combinations(route: DiscoveredRoute): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const name of route.params) {
    const values = paramValues(name, route)!;
    out = out.flatMap((params) => values.map((value) => ({ ...params, [name]: value })));
  }
  return out;
}

/** Query strings every GET is tried with: each DLQ, downloads, and the samples other routes need. */
const QUERIES = [
  "",
  `?dlq=${OWN_DLQ}`,
  "?dlq=EXPOSURE_DLQ",
  "?download=1",
  "?limit=500",
  "?metric=messages&range=15m",
  "?metric=backlog&range=15m",
  "?metric=p95&range=15m",
];

/** A body the content-returning POSTs accept (dry runs, selections); others refuse it without content. */
function bodyFor(dlq: string): string {
  return JSON.stringify({ dlq, selection: { seqs: seeded.messages.map((m) => m.seq) }, dryRun: true });
}

/** Reads a body; an endless one (Server-Sent Events) for at most 1.5 s. */
async function readBody(response: Response): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  const deadline = Date.now() + 1500;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
    ]);
    if (next === null || next.done) break;
    chunks.push(next.value);
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  const { nc, server } = suite();
  await ensureOwnDlqStream(await jetstreamManager(nc));
  seeded = await seedSecrets(nc, "EXPOSURE", { tools: true });
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add("EXPOSURE", { durable_name: "exposure-reader", ack_policy: "explicit" as never });
  fixture = await installAuthFixture(server.url);
  routes = await discoverRoutes();
  // The tool request is found through the header index: wait until the trace holds every seeded message.
  await waitFor(async () => (await getTimeline("test", seeded.conversationId)).marks.length >= 2, {
    what: "the seeded conversation in the trace index",
  });
}, 60_000);

describe("exposure matrix", () => {
  it("an operator's reveal returns the originals, each reveal audited first", async () => {
    const post = (suffix: string) => routes.find((r) => r.method === "POST" && r.path.endsWith(suffix))!;
    const reveals: [DiscoveredRoute, Record<string, string>][] = [
      [
        post("/messages/[seq]/reveal"),
        { env: "test", stream: seeded.stream, seq: String(seeded.messages[0]!.seq) },
      ],
      ...[OWN_DLQ, seeded.appDlq].flatMap((dlq): [DiscoveredRoute, Record<string, string>][] => {
        const seq = String(seeded.messages.find((m) => m.stream === dlq && !m.binary)!.seq);
        return [
          [post("/[dlq]/[seq]/reveal"), { env: "test", dlq, seq }],
          [post("/[dlq]/[seq]/payload"), { env: "test", dlq, seq }],
        ];
      }),
    ];
    const jsm = await jetstreamManager(suite().nc);
    const audited = async () => (await jsm.streams.info(AUDIT_STREAM).catch(() => null))?.state.messages ?? 0;
    for (const [route, params] of reveals) {
      const before = await audited();
      const response = await callRoute(route, { params, headers: fixture.headersFor("operator") });
      expect(response.status, `${route.path} ${JSON.stringify(params)}`).toBe(200);
      const found = findSecrets(await readBody(response));
      // A payload download carries the payload only; JSON reveals carry the headers too.
      const wanted = route.path.endsWith("/payload")
        ? ["email", "phone", "apiKey"]
        : ["email", "phone", "apiKey", "bearer", "cookie", "xApiKey"];
      expect(found, `${route.path} reveals the originals`).toEqual(expect.arrayContaining(wanted));
      expect(await audited(), `${route.path} wrote an audit record`).toBe(before + 1);
      const record = (await jsm.streams.getMessage(AUDIT_STREAM, {
        last_by_subj: "switchyard.audit.reveal",
      }))!.json<Record<string, unknown>>();
      expect(record).toMatchObject({ user: "operator", action: "reveal", result: "ok" });
    }
    // A viewer may not reveal: refused before anything is read, and nothing leaks.
    for (const [route, params] of reveals) {
      const response = await callRoute(route, { params, headers: fixture.headersFor("viewer") });
      expect(response.status).toBe(403);
      expect(findSecrets(await readBody(response))).toEqual([]);
    }
  });

  it("no API route gives a viewer (cookie or token) any seeded secret", async () => {
    const leaks: string[] = [];
    const checked = new Set<string>();
    let calls = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      for (const param of route.params)
        expect(paramValues(param, route), `${key}: add seeded values for [${param}]`).toBeDefined();
      // Sign-in and sign-out carry no message content (and signing out would end the viewer's session).
      if (route.path.startsWith("/api/auth/")) continue;
      const queries = route.method === "GET" ? QUERIES : [""];
      const bodies = route.method === "GET" ? [undefined] : [bodyFor(OWN_DLQ), bodyFor(seeded.appDlq)];
      for (const params of combinations(route))
        for (const query of queries)
          for (const body of bodies)
            for (const identity of VIEWERS) {
              const response = await callRoute(route, {
                params,
                query,
                body,
                headers: { ...fixture.headersFor(identity), "content-type": "application/json" },
              });
              expect(response.status, `${key} ${JSON.stringify(params)}${query}`).toBeLessThan(500);
              const found = findSecrets(await readBody(response));
              calls++;
              checked.add(key);
              if (found.length)
                leaks.push(`${key} ${JSON.stringify(params)}${query} as ${identity}: ${found.join(", ")}`);
            }
    }
    const secrets = Object.keys(SECRETS).length;
    console.log(
      `exposure matrix (API): ${checked.size} routes (${calls} calls over seeded params and queries) × ` +
        `${secrets} secrets × ${VIEWERS.length} viewer identities: ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
  }, 120_000);

  it("a text search never confirms a masked secret", async () => {
    const browse = routes.find((r) => r.method === "GET" && r.path === "/api/env/[env]/dead-letters")!;
    for (const dlq of [OWN_DLQ, seeded.appDlq]) {
      const all = await callRoute(browse, {
        params: { env: "test" },
        query: `?dlq=${dlq}`,
        headers: fixture.headersFor("viewer"),
      });
      expect((await all.json()).entries.length).toBe(2);
      for (const [name, secret] of Object.entries(SECRETS)) {
        const response = await callRoute(browse, {
          params: { env: "test" },
          query: `?dlq=${dlq}&text=${encodeURIComponent(secret.slice(0, 12))}`,
          headers: fixture.headersFor("viewer"),
        });
        expect((await response.json()).entries, `${dlq}: searching for the ${name}`).toEqual([]);
      }
      // What masking shows can be searched.
      const masked = await callRoute(browse, {
        params: { env: "test" },
        query: `?dlq=${dlq}&text=${encodeURIComponent("[masked:email]")}`,
        headers: fixture.headersFor("viewer"),
      });
      expect((await masked.json()).entries.length).toBe(1);
    }
  });
});
