// Revocable sessions against a real nats-server: sign-out ends a copied cookie on this and another replica,
// `npm run user -- signout NAME` ends all of a user's sessions, the bucket's TTL expires them, and what happens
// while NATS is down.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_STREAM } from "@/lib/audit/audit-stream";
import { environmentConnection } from "@/lib/nats/registry";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
} from "@/lib/testing/route-harness";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { encodeSession, SESSION_COOKIE } from "./session-cookie";
import {
  createSession,
  newSessionId,
  openSessionBucket,
  SESSION_BUCKET,
  sessionIsStored,
  SessionView,
} from "./session-store";

const run = promisify(execFile);
const suite = useNatsServer();
let fixture: AuthFixture;
let routes: DiscoveredRoute[];
const route = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)!;

beforeAll(async () => {
  fixture = await installAuthFixture(suite().server.url);
  routes = await discoverRoutes();
});

const base = () => ({ ...fixture.headersFor("anonymous"), "content-type": "application/json" });

/** Signs in through the login route and returns the Cookie header value. */
async function signIn(user: "viewer" | "operator" | "admin", address: string): Promise<string> {
  const response = await callRoute(route("POST", "/api/auth/login"), {
    params: {},
    headers: { ...base(), "x-forwarded-for": address },
    body: JSON.stringify({ user, password: fixture.passwords[user] }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

async function statusWith(cookie: string): Promise<number> {
  const response = await callRoute(route("GET", "/api/env/[env]/overview"), {
    params: { env: "test" },
    headers: { ...base(), cookie },
  });
  await response.body?.cancel();
  return response.status;
}

describe("revocable sessions", () => {
  let replica: NatsConnection;
  let otherView: SessionView;
  beforeAll(async () => {
    // A second replica: its own connection and its own live view of the bucket.
    replica = await connect({ servers: suite().server.url });
    const kv = openSessionBucket(replica, fixture.config.auth.sessionTtlSeconds * 1000);
    otherView = new SessionView(() => kv, 100).start();
  });
  afterAll(async () => {
    otherView.stop();
    await replica.close();
  });

  it("sign-out ends the session: the copied cookie gets 401 here and on another replica", async () => {
    const cookie = await signIn("operator", "10.20.0.1");
    const id = JSON.parse(
      Buffer.from(cookie.slice(SESSION_COOKIE.length + 1).split(".")[0]!, "base64url").toString(),
    ).sid as string;
    expect(await statusWith(cookie)).toBe(200);
    await waitFor(() => otherView.answer("operator", id) === "active", { what: "the other replica's view" });

    const out = await callRoute(route("POST", "/api/auth/logout"), {
      params: {},
      headers: { ...base(), cookie },
    });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ signedOut: true, endedEverywhere: true });

    expect(await statusWith(cookie)).toBe(401);
    await waitFor(() => otherView.answer("operator", id) === "ended", {
      what: "the sign-out on the replica",
    });
    const kv = await openSessionBucket(replica, fixture.config.auth.sessionTtlSeconds * 1000);
    expect(await sessionIsStored(kv, "operator", id)).toBe(false);
  });

  it("a cookie from before revocable sessions (no session id) or for a session never stored is refused", async () => {
    const secret = fixture.config.auth.sessionSecret!;
    const now = Date.now();
    const legacy = Buffer.from(JSON.stringify({ u: "admin", iat: now, exp: now + 60_000 })).toString(
      "base64url",
    );
    const { createHmac } = await import("node:crypto");
    const mac = createHmac("sha256", secret).update(legacy).digest("base64url");
    expect(await statusWith(`${SESSION_COOKIE}=${legacy}.${mac}`)).toBe(401);
    const neverStored = encodeSession(
      { user: "admin", id: newSessionId(), issuedAt: now, expiresAt: now + 60_000 },
      secret,
    );
    expect(await statusWith(`${SESSION_COOKIE}=${neverStored}`)).toBe(401);
  });

  it("npm run user -- signout NAME ends every session of that user, and only theirs", async () => {
    const cookies = [
      await signIn("viewer", "10.20.0.2"),
      await signIn("viewer", "10.20.0.3"),
      await signIn("viewer", "10.20.0.4"),
    ];
    const admin = await signIn("admin", "10.20.0.5");
    for (const cookie of [...cookies, admin]) expect(await statusWith(cookie)).toBe(200);

    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/user.ts", "signout", "viewer"],
      {
        cwd: process.cwd(),
        // Only the NATS settings, as an operator would give them to npm start.
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NATS_URL: suite().server.url,
        } as unknown as NodeJS.ProcessEnv,
        timeout: 30_000,
      },
    );
    // The fixture's own viewer session counts too.
    expect(stdout).toMatch(/^Ended [4-9] sessions of viewer \(environment default\)\.$/m);

    for (const cookie of cookies) await waitFor(async () => (await statusWith(cookie)) === 401);
    expect(await statusWith(admin)).toBe(200);
    const jsm = await jetstreamManager(suite().nc);
    const audit = await jsm.streams.getMessage(AUDIT_STREAM, { last_by_subj: "switchyard.audit.signout" });
    expect(audit!.json()).toMatchObject({
      user: "viewer",
      action: "signout",
      detail: { by: "npm run user -- signout" },
    });
  });

  it("while NATS is down, sessions this process has seen stay signed in; unknown ones are refused", async () => {
    const seen = await signIn("admin", "10.20.0.6");
    expect(await statusWith(seen)).toBe(200);
    const now = Date.now();
    const unknown = `${SESSION_COOKIE}=${encodeSession(
      { user: "admin", id: newSessionId(), issuedAt: now, expiresAt: now + 60_000 },
      fixture.config.auth.sessionSecret!,
    )}`;
    const session = callRoute.bind(null, route("GET", "/api/auth/session"));
    const actorWith = async (cookie: string) =>
      (await (await session({ params: {}, headers: { ...base(), cookie } })).json()).actor;

    await suite().server.halt();
    try {
      await waitFor(() => environmentConnection("test").status().state !== "connected", {
        what: "the connection to notice the outage",
      });
      // The page gate and the session endpoint still know who this is, so pages can say "NATS unreachable".
      expect(await actorWith(seen)).toMatchObject({ user: "admin", role: "admin", via: "session" });
      expect(await statusWith(seen)).not.toBe(401);
      expect(await actorWith(unknown)).toBeNull();
      // Signing in needs the store: refused with 503 rather than a session nobody else can check.
      const login = await callRoute(route("POST", "/api/auth/login"), {
        params: {},
        headers: { ...base(), "x-forwarded-for": "10.20.0.7" },
        body: JSON.stringify({ user: "admin", password: fixture.passwords.admin }),
      });
      expect(login.status).toBe(503);
    } finally {
      await suite().server.restart();
    }
    await waitFor(() => environmentConnection("test").status().state === "connected", { timeoutMs: 20_000 });
  });
});

describe("session expiry", () => {
  const own = useNatsServer();
  it("the bucket's TTL ends a session when its lifetime is over", async () => {
    const kv = await openSessionBucket(own().nc, 1500);
    expect((await kv.status()).ttl).toBe(1500);
    const view = new SessionView(() => Promise.resolve(kv), 100).start();
    try {
      const session = await createSession(kv, "ada@example.com", 1500);
      await waitFor(() => view.answer(session.user, session.id) === "active", { what: "the view" });
      expect(await sessionIsStored(kv, session.user, session.id)).toBe(true);
      await waitFor(async () => !(await sessionIsStored(kv, session.user, session.id)), {
        timeoutMs: 15_000,
        what: "the TTL to remove the session",
      });
      expect(view.answer(session.user, session.id)).toBe("ended");
      const info = await (await jetstreamManager(own().nc)).streams.info(`KV_${SESSION_BUCKET}`);
      expect(info.state.messages).toBe(0);
      expect(info.config.max_msgs_per_subject).toBe(1);
    } finally {
      view.stop();
    }
  });
});
