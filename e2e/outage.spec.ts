import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { NatsServerProcess } from "../lib/nats-server/nats-server-process";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { E2E } from "../playwright.config";

// This test owns its stack (nats-server + dashboard) so it can stop and restart NATS without disturbing the others.
const APP_PORT = E2E.spareAppPort;
const ENV = "outage";

let server: NatsServerProcess;
let app: ChildProcess;

test.beforeAll(async () => {
  server = await NatsServerProcess.start({ port: 0 });
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
  await nc.close();
  app = startServer(
    APP_PORT,
    "127.0.0.1",
    { ...process.env, NATS_URL: server.url, SWITCHYARD_ENV_NAME: ENV, SWITCHYARD_POLL_INTERVAL_MS: "1000" },
    { stdio: QUIET_STDIO },
  );
  await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`, 30_000, app);
});

test.afterAll(async () => {
  await stopChild(app);
  await server?.stop();
});

test("a NATS outage shows in the UI and recovers without a reload", async ({ page }) => {
  await page.goto(`http://127.0.0.1:${APP_PORT}/${ENV}`);
  const indicator = page.getByTestId("connection-indicator");
  await expect(indicator).toHaveAttribute("data-state", "connected");
  await expect(page.getByTestId("stream-row-ORDERS")).toBeVisible();

  await server.halt();
  const banner = page.getByTestId("nats-unreachable");
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText("NATS unreachable");
  await expect(banner).toContainText("retrying");
  await expect(indicator).not.toHaveAttribute("data-state", "connected");
  // The last known data stays on screen.
  await expect(page.getByTestId("stream-row-ORDERS")).toBeVisible();

  await server.restart();
  const nc = await connect({ servers: server.url });
  const js = (await jetstreamManager(nc)).jetstream();
  for (let i = 0; i < 3; i++) await js.publish("orders.created", `order ${i}`);
  await nc.close();
  await expect(indicator).toHaveAttribute("data-state", "connected", { timeout: 20_000 });
  await expect(banner).toBeHidden();
  await expect(page.getByTestId("stream-row-ORDERS").getByTestId("messages")).toHaveText("3", {
    timeout: 10_000,
  });
});

test("the dashboard starts while NATS is down and says so", async ({ page }) => {
  await server.halt();
  try {
    const port = APP_PORT + 1;
    const lonely = startServer(
      port,
      "127.0.0.1",
      { ...process.env, NATS_URL: server.url, SWITCHYARD_ENV_NAME: ENV, SWITCHYARD_POLL_INTERVAL_MS: "1000" },
      { stdio: QUIET_STDIO },
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/api/health`, 30_000, lonely);
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health.status).toBe("degraded");
      await page.goto(`http://127.0.0.1:${port}/${ENV}`);
      await expect(page.getByTestId("nats-unreachable")).toContainText("NATS unreachable");
      await expect(page.getByText("No data has been collected yet.")).toBeVisible();
      await server.restart();
      await expect(page.getByTestId("stream-row-ORDERS")).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId("nats-unreachable")).toBeHidden();
    } finally {
      await stopChild(lonely);
    }
  } finally {
    if (!server.running) await server.restart();
  }
});
