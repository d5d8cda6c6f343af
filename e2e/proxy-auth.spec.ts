import type { ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { E2E } from "../playwright.config";

// Mode proxy through scripts/serve.mjs: identity headers count only on connections from a trusted address,
// which must be the socket's, not anything the client claims.
const TRUSTING_LOCAL = E2E.proxyAppPort;
const TRUSTING_OTHER = E2E.proxyAppPort + 1;
const ENV = E2E.environment;
const apps: ChildProcess[] = [];
const logDir = mkdtempSync(join(tmpdir(), "switchyard-proxy-auth-"));
const logOf = (port: number) => join(logDir, `${port}.log`);

function startProxyMode(port: number, trusted: string): ChildProcess {
  return startServer(
    port,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: `nats://127.0.0.1:${E2E.natsPort}`,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_AUTH: "proxy",
      SWITCHYARD_TRUSTED_PROXIES: trusted,
      SWITCHYARD_CONFIG: "e2e/fixtures/proxy.config.json",
    },
    // Their output goes to a file, shown if they do not come up (CI saw one silent 60 s start).
    { stdio: ["ignore", openSync(logOf(port), "a"), openSync(logOf(port), "a")] },
  );
}

test.beforeAll(async () => {
  apps.push(startProxyMode(TRUSTING_LOCAL, "127.0.0.1"), startProxyMode(TRUSTING_OTHER, "10.9.9.9"));
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${TRUSTING_LOCAL}/api/health`, 60_000, apps[0]),
    waitForHttp(`http://127.0.0.1:${TRUSTING_OTHER}/api/health`, 60_000, apps[1]),
  ]).catch((error: unknown) => {
    const logs = [TRUSTING_LOCAL, TRUSTING_OTHER].map(
      (port) => `--- ${port} ---\n${readFileSync(logOf(port), "utf8").slice(-4000)}`,
    );
    throw new Error(`${(error as Error).message}\n${logs.join("\n")}`);
  });
});

test.afterAll(async () => {
  await Promise.all(apps.map((app) => stopChild(app)));
});

test("a trusted proxy's headers sign the user in, with the role from their groups", async ({
  request,
  page,
}) => {
  const url = `http://127.0.0.1:${TRUSTING_LOCAL}`;
  const as = (groups: string) => ({
    "x-forwarded-user": "ada",
    "x-forwarded-email": "ada@example.com",
    "x-forwarded-groups": groups,
  });
  expect(
    (await (await request.get(`${url}/api/auth/session`, { headers: as("oncall,eng") })).json()).actor,
  ).toEqual({ user: "ada", role: "operator", via: "proxy" });
  expect((await request.get(`${url}/api/env/${ENV}/overview`, { headers: as("eng") })).status()).toBe(200);
  expect((await request.get(`${url}/api/env/${ENV}/overview`, { headers: as("sales") })).status()).toBe(403);
  expect((await request.get(`${url}/api/env/${ENV}/overview`)).status()).toBe(401);
  await page.setExtraHTTPHeaders(as("platform"));
  await page.goto(`${url}/${ENV}`);
  await expect(page.getByTestId("user-menu")).toContainText("admin");
});

test("headers from anyone else are ignored, whatever address they claim", async ({ request }) => {
  const url = `http://127.0.0.1:${TRUSTING_OTHER}`;
  const spoofed = {
    "x-forwarded-user": "mallory",
    "x-forwarded-groups": "platform",
    "x-forwarded-for": "10.9.9.9",
    "x-switchyard-peer": "10.9.9.9",
    "x-real-ip": "10.9.9.9",
  };
  const api = await request.get(`${url}/api/env/${ENV}/overview`, { headers: spoofed });
  expect(api.status()).toBe(401);
  expect((await api.json()).error.message).toContain("sign-in proxy");
  const page = await request.get(`${url}/${ENV}`, { headers: spoofed, maxRedirects: 0 });
  expect(page.status()).toBe(401);
});
