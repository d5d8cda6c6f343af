// Exposure matrix, pages: every page under app/[env] (found by walking the folder), loaded as HTML and as its RSC
// payload by a viewer (session cookie and API token) over seeded secrets, must contain none of them. The API
// routes are checked in-process by lib/http/exposure-matrix.test.ts.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { findSecrets, OWN_DLQ, SECRETS, seedSecrets, type Seeded } from "@/lib/testing/exposure-seed";
import { E2E, E2E_AUTH } from "../playwright.config";

const BASE = `http://127.0.0.1:${E2E.authAppPort}`;
const PAGES_DIR = join(process.cwd(), "app", "[env]");

/** Every page.tsx under app/[env], as a route template such as /[env]/dead-letters/[dlq]/[seq]. */
function pageTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return pageTemplates(full);
    if (entry.name !== "page.tsx") return [];
    const rel = relative(PAGES_DIR, dir).split(sep).filter(Boolean);
    return ["/[env]" + rel.map((segment) => `/${segment}`).join("")];
  });
}

function paramValues(name: string, seeded: Seeded): string[] | undefined {
  const values: Record<string, string[]> = {
    env: [E2E.environment],
    stream: [...new Set(seeded.messages.map((m) => m.stream))],
    seq: [...new Set(seeded.messages.map((m) => String(m.seq)))],
    dlq: [OWN_DLQ, seeded.appDlq],
    id: [seeded.conversationId],
    consumer: ["exposure-reader"],
    tool: ["crm_lookup"],
  };
  return values[name];
}

function urls(template: string, seeded: Seeded): string[] {
  let out = [template];
  for (const [, name] of template.matchAll(/\[([^\]]+)\]/g)) {
    const values = paramValues(name!, seeded);
    expect(values, `${template}: add seeded values for [${name}]`).toBeDefined();
    out = out.flatMap((url) => values!.map((v) => url.replace(`[${name}]`, encodeURIComponent(v))));
  }
  const queries = ["", `?dlq=${OWN_DLQ}`, `?dlq=${seeded.appDlq}`, `?text=${encodeURIComponent("[masked")}`];
  for (const m of seeded.messages) queries.push(`?seq=${m.seq}`);
  return out.flatMap((url) => [...new Set(queries)].map((q) => url + q));
}

let nc: NatsConnection;
let seeded: Seeded;
const identities: Record<string, APIRequestContext> = {};

test.beforeAll(async () => {
  nc = await connect({ servers: `nats://127.0.0.1:${E2E.natsPort}` });
  const jsm = await jetstreamManager(nc);
  // Switchyard creates its own DLQ at start.
  await expect
    .poll(
      () =>
        jsm.streams.info(OWN_DLQ).then(
          () => true,
          () => false,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
  seeded = await seedSecrets(nc, "EXPOSURE");
  await jsm.consumers.add("EXPOSURE", { durable_name: "exposure-reader", ack_policy: "explicit" as never });

  const signedIn = async (user: "viewer" | "operator") => {
    const context = await playwrightRequest.newContext({ baseURL: BASE });
    const response = await context.post("/api/auth/login", {
      data: { user, password: E2E_AUTH.passwords[user] },
      headers: { "x-switchyard-csrf": "1", origin: BASE },
    });
    expect(response.status(), `sign-in as ${user}`).toBe(200);
    return context;
  };
  identities["viewer (cookie)"] = await signedIn("viewer");
  identities["viewer (token)"] = await playwrightRequest.newContext({
    baseURL: BASE,
    extraHTTPHeaders: { authorization: `Bearer ${E2E_AUTH.viewerToken}` },
  });
  identities["operator (cookie, no reveal)"] = await signedIn("operator");
});

test.afterAll(async () => {
  for (const context of Object.values(identities)) await context.dispose();
  await nc?.close();
});

test("no page under app/[env] renders a seeded secret, as HTML or RSC payload", async () => {
  test.setTimeout(300_000);
  const templates = pageTemplates(PAGES_DIR).sort();
  expect(templates.length).toBeGreaterThanOrEqual(9);
  const leaks: string[] = [];
  let loads = 0;
  for (const template of templates)
    for (const url of urls(template, seeded))
      for (const [who, context] of Object.entries(identities))
        for (const rsc of [false, true]) {
          const response = await context.get(url, {
            headers: rsc ? { rsc: "1" } : {},
            maxRedirects: 0,
            timeout: 30_000,
          });
          expect(response.status(), `${url} as ${who}${rsc ? " (RSC)" : ""}`).toBeLessThan(500);
          if (!rsc && who !== "operator (cookie, no reveal)" && url.includes("/dead-letters/"))
            expect(response.status(), `${url} as ${who} must render, not redirect`).not.toBe(307);
          const found = findSecrets(await response.body());
          loads++;
          if (found.length) leaks.push(`${url} as ${who}${rsc ? " (RSC)" : ""}: ${found.join(", ")}`);
        }
  console.log(
    `exposure matrix (pages): ${templates.length} pages (${loads} loads, HTML and RSC) × ` +
      `${Object.keys(SECRETS).length} secrets × 2 viewer identities (+ an operator who has not revealed): ` +
      `${leaks.length} leaks`,
  );
  expect(leaks).toEqual([]);
});

test("the dead-letter entry page shows masked values to a viewer and really renders the entry", async () => {
  const seq = seeded.messages.find((m) => m.stream === seeded.appDlq && !m.binary)!.seq;
  const html = await (
    await identities["viewer (cookie)"]!.get(`/${E2E.environment}/dead-letters/${seeded.appDlq}/${seq}`)
  ).text();
  expect(html).toContain("[masked:email]");
  expect(html).toContain("[masked]");
  expect(html).toContain("An operator can reveal the original.");
});
