// Incidents on the overview: a tool pool off → one incident naming the consumer and its stream, started within a
// poll of the outage, notified to a local webhook → acknowledged → pool on → resolved.
import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { HttpReceiver } from "../lib/incidents/testing/http-receiver";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { E2E } from "../playwright.config";
import { setPool } from "./fixtures/sim-pool";
import { writeConfigFile, type ConfigFile } from "./fixtures/config-file";

// Its own dashboard (settle 3 s, a webhook channel) on the shared NATS and simulator; its own environment name keeps
// its incidents and sending lease apart from the main e2e dashboard's.
const APP_PORT = E2E.spareAppPort + 5;
const ENV = "incidents";
const POLL_MS = 1000;
const TOOL = "db_report";
const STREAM = "TOOL_REQUESTS";
const CONSUMER = `worker-${TOOL}`;

let app: ChildProcess;
let receiver: HttpReceiver;
let config: ConfigFile;

test.beforeAll(async () => {
  receiver = await HttpReceiver.start();
  config = writeConfigFile("incidents", {
    health: { idleSeconds: 3 },
    alerts: {
      settleSeconds: 3,
      channels: [{ type: "webhook", name: "oncall", url: `${receiver.url}/hook/secret-token` }],
      runbooks: { rules: { no_active_pullers: "https://runbooks.example.com/no-pullers" } },
    },
  });
  app = startServer(
    APP_PORT,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: `nats://127.0.0.1:${E2E.natsPort}`,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_POLL_INTERVAL_MS: String(POLL_MS),
      SWITCHYARD_CONFIG: config.path,
    },
    { stdio: QUIET_STDIO },
  );
  await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`, 60_000, app);
});

test.afterAll(async () => {
  await setPool(TOOL, true).catch(() => undefined);
  await stopChild(app);
  await receiver?.stop();
  config?.remove();
});

test("pool off → one incident on the overview naming consumer and stream → acknowledge → pool on → resolved", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const base = `http://127.0.0.1:${APP_PORT}`;
  await page.goto(`${base}/${ENV}`);
  await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
  // The panel has loaded and nothing is wrong with the consumer under test (the shared simulator may have
  // incidents of its own, e.g. its tools running near their ack wait).
  await expect(
    page.getByRole("heading", { level: 2, name: /^(No open incidents|\d+ open incidents?)$/ }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    page.locator(`[data-testid="incident"][data-incident-where="${STREAM}/${CONSUMER}"]`),
  ).toHaveCount(0);

  const offAt = Date.now();
  await setPool(TOOL, false);
  const incident = page.locator(`[data-testid="incident"][data-incident-where="${STREAM}/${CONSUMER}"]`);
  await expect(incident).toBeVisible({ timeout: 90_000 });
  // One incident for the outage (the shared simulator may have others of its own, e.g. dead letters arriving).
  const forOutage = page.locator(
    `[data-testid="incident"][data-state="open"][data-incident-where="${STREAM}/${CONSUMER}"]`,
  );
  await expect(forOutage).toHaveCount(1);
  await expect(incident.getByTestId("incident-title")).toContainText(`${CONSUMER} on stream ${STREAM}`);
  await expect(incident).toContainText("Check next:");
  await expect(incident.getByRole("link", { name: "Runbook" })).toHaveAttribute(
    "href",
    "https://runbooks.example.com/no-pullers",
  );
  const id = await incident.getAttribute("data-incident-id");

  // The affected rows are marked in the streams table, linking to the incident.
  await page.goto(`${base}/${ENV}/streams?q=${STREAM}`);
  const consumerRow = page.getByTestId(`consumer-row-${STREAM}-${CONSUMER}`);
  await expect(consumerRow).toHaveAttribute("data-incident", /^(critical|warning|info)$/);
  await expect(consumerRow.getByTestId("incident-marker")).toHaveAttribute("href", `/${ENV}/incidents/${id}`);
  await expect(page.getByTestId(`stream-row-${STREAM}`)).toHaveAttribute("data-incident", /.+/);
  await page.goto(`${base}/${ENV}`);

  // The notification about this incident reached the local webhook (the secret path stays on the server).
  const aboutIt = () =>
    receiver
      .on("/hook/secret-token")
      .filter((r) => (r.body as { incident: { id: string } }).incident.id === id);
  await expect.poll(() => aboutIt().length, { timeout: 30_000 }).toBeGreaterThan(0);
  console.log(`outage → notification received: ${((aboutIt()[0]!.at - offAt) / 1000).toFixed(1)} s`);

  await incident.getByTestId("incident-title").click();
  await expect(page).toHaveURL(new RegExp(`/${ENV}/incidents/${id}$`));
  const startIso = await page.getByTestId("incident-start").getAttribute("data-iso");
  const start = Date.parse(startIso!);
  // The outage began between the pool's switch and what NATS itself says: its last delivery (a pull the workers sent
  // before the switch can still deliver for up to its 1 s expiry) or, when later, the first message left waiting.
  const truth = await outageTruth();
  console.log(
    `incident start − pool off: ${start - offAt} ms; last delivery − pool off: ${truth.lastDelivery - offAt} ms; ` +
      `first waiting − pool off: ${truth.firstWaiting - offAt} ms`,
  );
  expect(start).toBeGreaterThanOrEqual(offAt - POLL_MS);
  expect(start).toBeLessThanOrEqual(Math.max(truth.lastDelivery, truth.firstWaiting) + POLL_MS);

  await page.getByTestId("acknowledge").click();
  await expect(page.getByTestId("incident-acknowledged")).toContainText("by local");
  await expect(page.locator('[data-testid="incident-timeline"] [data-kind="acknowledged"]')).toBeVisible();
  const deliveries = await page.request.get(`${base}/api/env/${ENV}/notifications`);
  const log = await deliveries.json();
  expect(JSON.stringify(log)).not.toContain("secret-token");
  expect(log.channels[0].maskedUrl).toBe(`${receiver.url}/…`);

  await setPool(TOOL, true);
  await expect(page.getByTestId("incident-detail")).toHaveAttribute("data-state", "resolved", {
    timeout: 90_000,
  });
  await expect(page.locator('[data-testid="incident-timeline"] [data-kind="resolved"]')).toBeVisible();
  await page.goto(`${base}/${ENV}`);
  await expect(page.locator(`[data-testid="incident"][data-incident-id="${id}"]`)).toHaveAttribute(
    "data-state",
    "resolved",
  );
  await expect(forOutage).toHaveCount(0);
  await expect
    .poll(() => aboutIt().map((r) => (r.body as { event: string }).event), { timeout: 30_000 })
    .toContain("resolve");
  // Each event of the incident arrived once: open first, resolve last.
  const events = aboutIt().map((r) => r.headers["idempotency-key"]);
  expect(new Set(events).size).toBe(events.length);
  expect(aboutIt().map((r) => (r.body as { event: string }).event)).toEqual(
    expect.arrayContaining(["open", "resolve"]),
  );
  expect((aboutIt()[0]!.body as { event: string }).event).toBe("open");
  expect((aboutIt().at(-1)!.body as { event: string }).event).toBe("resolve");
});

/** When the consumer under test last delivered, and when the first message it left waiting arrived (NATS's figures). */
async function outageTruth(): Promise<{ lastDelivery: number; firstWaiting: number }> {
  const nc = await connect({ servers: `nats://127.0.0.1:${E2E.natsPort}` });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(STREAM, CONSUMER);
    // On the wire last_active is an ISO time (the client's type says nanoseconds).
    const lastDelivery = Date.parse(String(info.delivered.last_active));
    // STREAM.MSG.GET with next_by_subj (the client's getMessage types it for direct gets only).
    const reply = await nc.request(
      `$JS.API.STREAM.MSG.GET.${STREAM}`,
      JSON.stringify({
        seq: info.delivered.stream_seq + 1,
        next_by_subj: info.config.filter_subject ?? `tools.execute.${TOOL}`,
      }),
    );
    const waiting = reply.json<{ message?: { time: string } }>().message;
    return { lastDelivery, firstWaiting: waiting ? Date.parse(waiting.time) : lastDelivery };
  } finally {
    await nc.close();
  }
}
