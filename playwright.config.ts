import { defineConfig } from "@playwright/test";
import { SERVE_ENV, serveArgs } from "./scripts/lib/processes";

// Fixed, unusual ports so the e2e stack never collides with a demo (3000) or the machine's nats-server (4222), all
// below Linux's ephemeral range (32768–60999): a fixed port in it can be the local end of some outgoing connection
// at the moment a dashboard binds it (EADDRINUSE, seen once in CI as "exited with code 1").
// E2E_PORT_BASE moves them all, so two checkouts can run their suites side by side.
const base = Number(process.env.E2E_PORT_BASE || 21310);
export const E2E = {
  appPort: base,
  /** Free for specs that start their own dashboard (base+10 …). */
  spareAppPort: base + 10,
  /** A second dashboard with password sign-in (users and tokens from e2e/fixtures). */
  authAppPort: base + 20,
  /** Dashboards in sign-in mode proxy started by e2e/proxy-auth.spec.ts (base+30, base+31). */
  proxyAppPort: base + 30,
  natsPort: base + 3000,
  natsMonitorPort: base + 3001,
  simulatorStatusPort: base + 3002,
  environment: "e2e",
};

const natsUrl = `nats://127.0.0.1:${E2E.natsPort}`;

/** Fixture credentials of the password-mode dashboard (test-only; the hashes are in e2e/fixtures). */
export const E2E_AUTH = {
  sessionSecret: "e2e-session-secret-0123456789abcdefghij",
  passwords: {
    admin: "e2e-admin-password",
    operator: "e2e-operator-password",
    viewer: "e2e-viewer-password",
  },
  viewerToken: "syt_NM9neKf-iUtVEFXO_TF24QTok5mqnRuWkKWKp14N0Ws",
};
const tsNode = "node --conditions=react-server --import tsx";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.appPort}`,
    browserName: "chromium",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command: `${tsNode} scripts/e2e-nats-server.ts`,
      url: `http://127.0.0.1:${E2E.natsMonitorPort}/healthz`,
      env: { E2E_NATS_PORT: String(E2E.natsPort), E2E_NATS_MONITOR_PORT: String(E2E.natsMonitorPort) },
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGINT", timeout: 10_000 },
      stdout: "pipe",
    },
    {
      command: `${tsNode} scripts/simulate.ts`,
      url: `http://127.0.0.1:${E2E.simulatorStatusPort}/`,
      env: {
        NATS_URL: natsUrl,
        SIM_STATUS_PORT: String(E2E.simulatorStatusPort),
        SIM_SEED: "7",
        SIM_CONVERSATIONS_PER_MINUTE: "120",
        SIM_ACK_WAIT_MS: "2000",
        SIM_TIME_SCALE: "0.1",
        SIM_STORAGE: "memory",
      },
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGINT", timeout: 10_000 },
    },
    {
      command: ["node", ...serveArgs(E2E.appPort, "127.0.0.1")].join(" "),
      url: `http://127.0.0.1:${E2E.appPort}/api/health`,
      env: {
        ...SERVE_ENV,
        NATS_URL: natsUrl,
        SWITCHYARD_ENV_NAME: E2E.environment,
        SWITCHYARD_POLL_INTERVAL_MS: "1000",
      },
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 60_000,
    },
    {
      command: ["node", ...serveArgs(E2E.authAppPort, "127.0.0.1")].join(" "),
      url: `http://127.0.0.1:${E2E.authAppPort}/api/health`,
      env: {
        ...SERVE_ENV,
        NATS_URL: natsUrl,
        SWITCHYARD_ENV_NAME: E2E.environment,
        SWITCHYARD_POLL_INTERVAL_MS: "1000",
        SWITCHYARD_AUTH: "password",
        SWITCHYARD_USERS_FILE: "e2e/fixtures/users.txt",
        SWITCHYARD_TOKENS_FILE: "e2e/fixtures/tokens.txt",
        SWITCHYARD_SESSION_SECRET: E2E_AUTH.sessionSecret,
      },
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 60_000,
    },
  ],
});
