// An outage across 300 consumers on a stack of its own: 300 incidents open within seconds. Each channel gets them in
// a handful of digests, every open event exactly once; the overview counts all 300 and shows the worst few; the
// incidents page pages them with the page in the URL, and a phone following the overview's link lands at its top.
import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { NatsServerProcess } from "../lib/nats-server/nats-server-process";
import { HttpReceiver } from "../lib/incidents/testing/http-receiver";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { E2E } from "../playwright.config";
import { writeConfigFile, type ConfigFile } from "./fixtures/config-file";

const APP_PORT = E2E.spareAppPort + 8;
const ENV = "storm";
const BASE = `http://127.0.0.1:${APP_PORT}`;
const CONSUMERS = 300;
/** The default per-channel limit (alerts.maxPerMinute). */
const MAX_PER_MINUTE = 10;

let server: NatsServerProcess;
let app: ChildProcess;
let receiver: HttpReceiver;
let config: ConfigFile;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await NatsServerProcess.start({ port: 0 });
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "JOBS", subjects: ["jobs.>"] });
  // Each consumer has one message waiting and nothing pulling: "no workers pulling" on all of them at once.
  for (let i = 0; i < CONSUMERS; i++)
    await jsm.consumers.add("JOBS", {
      durable_name: `worker-${i}`,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `jobs.q${i}`,
    });
  const js = jetstream(nc);
  for (let i = 0; i < CONSUMERS; i++) await js.publish(`jobs.q${i}`, JSON.stringify({ job: i }));
  await nc.close();

  receiver = await HttpReceiver.start();
  config = writeConfigFile("storm", {
    health: { idleSeconds: 3 },
    alerts: {
      settleSeconds: 3,
      channels: [
        { type: "webhook", name: "oncall-hook", url: `${receiver.url}/hook/secret` },
        { type: "slack", name: "slack-oncall", url: `${receiver.url}/slack/secret` },
      ],
    },
  });
  app = startServer(
    APP_PORT,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: server.url,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_AUTH: "none",
      SWITCHYARD_POLL_INTERVAL_MS: "1000",
      SWITCHYARD_CONFIG: config.path,
    },
    { stdio: QUIET_STDIO },
  );
  await waitForHttp(`${BASE}/api/health`, 60_000, app);
});

test.afterAll(async () => {
  await stopChild(app);
  await receiver?.stop();
  await server?.stop();
  config?.remove();
});

/** Every incident event the webhook was sent, by its idempotency id, in digests and alone. */
function webhookEvents(): string[] {
  return receiver.received
    .filter((r) => r.path.startsWith("/hook"))
    .flatMap((r) => {
      const body = r.body as { id: string; notices?: { id: string }[] };
      return body.notices ? body.notices.map((n) => n.id) : [body.id];
    });
}

test("300 incidents reach each channel in a few digests, every open event exactly once", async () => {
  // Within the limit whatever the timing: incidents trickling in one a poll would spend it and wait out the minute.
  test.setTimeout(120_000);
  await expect.poll(() => webhookEvents().length, { timeout: 90_000 }).toBeGreaterThanOrEqual(CONSUMERS);
  const events = webhookEvents();
  expect(new Set(events).size).toBe(events.length);
  expect(events.every((id) => id.endsWith(":1"))).toBe(true);
  for (const path of ["/hook", "/slack"]) {
    const requests = receiver.received.filter((r) => r.path.startsWith(path));
    console.log(`${path}: ${CONSUMERS} incidents in ${requests.length} requests`);
    expect(requests.length).toBeLessThanOrEqual(MAX_PER_MINUTE);
  }
  const slack = receiver.received.filter((r) => r.path.startsWith("/slack"));
  expect((slack[0]!.body as { text: string }).text).toMatch(/\*\d+ incident updates\* in storm/);
});

test("the overview counts every incident and shows the worst few; the incidents page pages them", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/${ENV}`);
  const panel = page.getByTestId("more-incidents");
  await expect(page.getByRole("heading", { level: 2, name: `${CONSUMERS} open incidents` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId("incidents").getByTestId("incident")).toHaveCount(6);
  await expect(panel).toHaveText(`${CONSUMERS - 6} more open incidents →`);
  await expect(
    page.getByText(`${CONSUMERS} critical · ${CONSUMERS} not acknowledged · most on stream JOBS`),
  ).toBeVisible();

  // From a scrolled overview, the link lands at the top of the list.
  await panel.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  await panel.getByRole("link").click();
  await expect(page).toHaveURL(`${BASE}/${ENV}/incidents?state=open`);
  await expect(page.getByTestId("pager-status")).toHaveText(`1–50 of ${CONSUMERS} incidents`);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByTestId("incident-history").getByTestId("incident")).toHaveCount(50);
  await expect(page.getByRole("link", { name: `Open ${CONSUMERS}` })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(`${BASE}/${ENV}/incidents?state=open&page=2`);
  await expect(page.getByTestId("pager-status")).toHaveText(`51–100 of ${CONSUMERS} incidents`);
  const second = await page
    .getByTestId("incident-history")
    .getByTestId("incident")
    .first()
    .getAttribute("data-incident-id");
  await page.reload();
  await expect(page.getByTestId("pager-status")).toHaveText(`51–100 of ${CONSUMERS} incidents`);
  await expect(page.getByTestId("incident-history").getByTestId("incident").first()).toHaveAttribute(
    "data-incident-id",
    second!,
  );

  // The delivery log shows the digests as one entry each.
  await expect(page.getByTestId("deliveries")).toContainText(/digest of \d+ events/);
});
