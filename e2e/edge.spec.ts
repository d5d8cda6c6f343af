import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { E2E, E2E_AUTH } from "../playwright.config";

// The network edge against real servers: hosts a rebound name would send, redirect targets after sign-in,
// /_next/image, and memory under parallel oversized bodies.
const ENV = E2E.environment;
const NONE_PORT = E2E.appPort;
const AUTH_PORT = E2E.authAppPort;
/** A dashboard of this spec's own, so its memory can be read (outage.spec.ts uses spareAppPort and +1). */
const MEMORY_PORT = E2E.spareAppPort + 5;

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One request with exactly these headers (Host included), no redirects followed. */
function send(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers, setHost: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
        // Server-Sent Events never end: the status and first bytes are enough.
        if (res.headers["content-type"]?.includes("text/event-stream")) res.destroy();
      });
      res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test.describe("host allow-list in mode none", () => {
  const paths = [
    "/",
    `/${ENV}`,
    `/${ENV}/streams`,
    "/login",
    `/api/env/${ENV}/overview`,
    `/api/env/${ENV}/events`,
  ];

  test("a rebound or foreign host gets 403 on pages, the API and SSE; localhost is answered", async () => {
    for (const path of paths) {
      for (const host of [`evil.example:${NONE_PORT}`, "evil.example", `localhost:${NONE_PORT + 1}`]) {
        const answer = await send(NONE_PORT, path, { Host: host, Origin: `http://${host}` });
        expect({ path, host, status: answer.status }).toEqual({ path, host, status: 403 });
        expect(answer.body).toContain("refused: this server answers only as");
      }
      for (const host of [`localhost:${NONE_PORT}`, `127.0.0.1:${NONE_PORT}`]) {
        const answer = await send(NONE_PORT, path, { Host: host });
        expect({ path, host, ok: answer.status < 400 }).toEqual({ path, host, ok: true });
      }
    }
    const mutation = await send(
      NONE_PORT,
      `/api/env/${ENV}/redrive/rd-none/cancel`,
      {
        Host: `evil.example:${NONE_PORT}`,
        Origin: `http://evil.example:${NONE_PORT}`,
        "x-switchyard-csrf": "1",
      },
      "POST",
    );
    expect(mutation.status).toBe(403);
    expect(JSON.parse(mutation.body).error.code).toBe("forbidden");
  });

  test("/_next/image is off (4xx), whatever the URL", async () => {
    for (const url of [
      "/favicon.ico",
      "http://169.254.169.254/latest/meta-data/",
      "https://example.com/a.png",
    ]) {
      const answer = await send(NONE_PORT, `/_next/image?url=${encodeURIComponent(url)}&w=64&q=75`, {
        Host: `127.0.0.1:${NONE_PORT}`,
      });
      expect({ url, status: answer.status >= 400 && answer.status < 500 }).toEqual({ url, status: true });
    }
  });
});

test.describe("redirect targets after sign-in", () => {
  const HOSTILE = [
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/.//evil.example",
    "/\u0000/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/\r\nSet-Cookie: a=1",
    "/\u00e9\u2028",
    "/" + "a".repeat(4000),
  ];

  test("a signed-in user's /login?next=… stays on this origin, never a 5xx", async ({ request }) => {
    const host = `127.0.0.1:${AUTH_PORT}`;
    const signIn = await request.post(`http://${host}/api/auth/login`, {
      headers: { "x-switchyard-csrf": "1", origin: `http://${host}` },
      data: { user: "viewer", password: E2E_AUTH.passwords.viewer },
    });
    expect(signIn.status()).toBe(200);
    const cookie = String(signIn.headers()["set-cookie"]).split(";")[0]!;
    for (const next of HOSTILE) {
      const answer = await send(AUTH_PORT, `/login?next=${encodeURIComponent(next)}`, {
        Host: host,
        Cookie: cookie,
      });
      const location = String(answer.headers.location ?? "");
      expect({ next, status: answer.status, location: new URL(location, `http://${host}`).origin }).toEqual({
        next,
        status: 307,
        location: `http://${host}`,
      });
      expect(location).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/(?!\/)/);
    }
  });

  test("anonymous page requests go to /login with a same-origin next", async () => {
    const host = `127.0.0.1:${AUTH_PORT}`;
    for (const path of ["//evil.example", "/.//evil.example", "/%2F%2Fevil.example", `/${ENV}/streams?x=1`]) {
      const answer = await send(AUTH_PORT, path, { Host: host });
      expect(answer.status).toBeLessThan(500);
      if (answer.status !== 307) continue;
      const login = new URL(String(answer.headers.location), `http://${host}`);
      expect(login.origin).toBe(`http://${host}`);
      const next = login.searchParams.get("next")!;
      expect(new URL(next, `http://${host}`).origin).toBe(`http://${host}`);
    }
  });
});

test.describe("streamed body limits", () => {
  let app: ChildProcess;

  test.beforeAll(async () => {
    app = startServer(
      MEMORY_PORT,
      "127.0.0.1",
      {
        ...process.env,
        NATS_URL: `nats://127.0.0.1:${E2E.natsPort}`,
        SWITCHYARD_ENV_NAME: ENV,
        SWITCHYARD_POLL_INTERVAL_MS: "1000",
      },
      { stdio: QUIET_STDIO },
    );
    await waitForHttp(`http://127.0.0.1:${MEMORY_PORT}/api/health`, 60_000, app);
  });

  test.afterAll(async () => {
    await stopChild(app);
  });

  /** Resident and peak resident memory of the dashboard, in MiB. */
  function memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${app.pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  }

  /** A chunked body (no Content-Length) of `total` bytes, written as fast as the server reads it. */
  function chunkedPost(path: string, total: number): Promise<{ status: number; sent: number }> {
    return new Promise((resolve) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const state: { answered: number | null } = { answered: null };
      const req = httpRequest({
        host: "127.0.0.1",
        port: MEMORY_PORT,
        path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "transfer-encoding": "chunked",
          "x-switchyard-csrf": "1",
          origin: `http://127.0.0.1:${MEMORY_PORT}`,
        },
      });
      const done = () => resolve({ status: state.answered ?? 0, sent });
      req.on("response", (res) => {
        state.answered = res.statusCode ?? 0;
        res.resume();
        res.on("end", () => {
          req.destroy();
          done();
        });
      });
      req.on("error", done);
      const pump = () => {
        while (state.answered === null && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (sent >= total) req.end();
      };
      pump();
    });
  }

  test("20 parallel 50 MB chunked bodies get 413 and leave memory flat", async () => {
    const MB = 1024 * 1024;
    const before = memory();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        chunkedPost(i % 2 ? "/api/auth/login" : `/api/env/${ENV}/dead-letters/discard`, 50 * MB),
      ),
    );
    const after = memory();
    const sentMb = answers.reduce((sum, a) => sum + a.sent, 0) / MB;
    console.log(
      `streamed bodies: 20 × 50 MB chunked; statuses ${[...new Set(answers.map((a) => a.status))].join(",")}; ` +
        `${sentMb.toFixed(0)} MB written by the clients before the answer; server RSS ${before.rss.toFixed(0)} → ` +
        `${after.rss.toFixed(0)} MiB, peak ${before.peak.toFixed(0)} → ${after.peak.toFixed(0)} MiB`,
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(413));
    // Buffering even one body in full would add ~150 MB; twenty would add gigabytes.
    expect(after.peak - before.peak).toBeLessThan(64);
  });
});
