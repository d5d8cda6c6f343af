import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { NatsServerProcess } from "../lib/nats-server/nats-server-process";
import { QUIET_STDIO, startServer, stopChild, waitForHttp } from "../scripts/lib/processes";
import { provisionStreams, provisionWideStream } from "../bench/lib/provision";
import { E2E } from "../playwright.config";

// A larger estate on a stack of its own (300 streams × 10 consumers): the overview and streams pages stay usable —
// every row reachable through paging, the filter searches the whole estate, consumers collapsed until opened.
// One more stream holds 300 consumers and 60 subjects: its page pages both. Functional only: how fast is
// `npm run bench scale`'s job.
const APP_PORT = E2E.spareAppPort + 7;
const ENV = "scale";
const STREAMS = 300;
const WIDE = { name: "WIDE", consumers: 300, subjects: 60 };
const BASE = `http://127.0.0.1:${APP_PORT}`;

let server: NatsServerProcess;
let app: ChildProcess;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await NatsServerProcess.start({ port: 0 });
  const nc = await connect({ servers: server.url });
  await provisionStreams(nc, STREAMS, 10);
  await provisionWideStream(nc, WIDE.name, WIDE.consumers, WIDE.subjects);
  await nc.close();
  app = startServer(
    APP_PORT,
    "127.0.0.1",
    {
      ...process.env,
      NATS_URL: server.url,
      SWITCHYARD_ENV_NAME: ENV,
      SWITCHYARD_AUTH: "none",
      SWITCHYARD_POLL_INTERVAL_MS: "1000",
    },
    { stdio: QUIET_STDIO },
  );
  await waitForHttp(`${BASE}/api/health`, 60_000, app);
  await expect
    .poll(async () => (await (await fetch(`${BASE}/api/env/${ENV}/overview`)).json()).totals?.appConsumers, {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(STREAMS * 10 + WIDE.consumers);
});

test.afterAll(async () => {
  await stopChild(app);
  await server?.stop();
});

test("the overview leads with the summary and shows one page of a collapsed table", async ({ page }) => {
  await page.goto(`${BASE}/${ENV}`);
  await expect(page.getByRole("heading", { name: "Needs attention" })).toBeVisible();
  await expect(page.getByTestId("worst-backlog").getByRole("link")).toHaveCount(5);
  await expect(page.getByTestId("stream-row-B0")).toBeVisible();
  await expect(page.locator('[data-testid^="stream-row-"]')).toHaveCount(25);
  await expect(page.getByTestId("pager-status")).toContainText(/^1–25 of 3\d\d streams/);
  // Consumers stay collapsed until a stream is opened.
  await expect(page.locator('[data-testid^="consumer-row-"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Show the consumers of B0" }).click();
  await expect(page.getByTestId("consumer-row-B0-c0")).toBeVisible();
  await expect(page.locator('[data-testid^="consumer-row-"]')).toHaveCount(10);
  expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(4000);
});

test("every stream is reachable by paging, and the page is in the URL", async ({ page }) => {
  await page.goto(`${BASE}/${ENV}/streams`);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const rows = page.locator('[data-testid^="stream-row-"]');
    await expect(rows.first()).toBeVisible();
    await expect(page.locator("table[aria-busy=true]")).toHaveCount(0);
    for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? "")))
      seen.add(id.slice("stream-row-".length));
    const next = page.getByRole("button", { name: "Next" });
    if (await next.isDisabled()) break;
    await next.click();
    await expect(page).toHaveURL(new RegExp(`page=${i + 2}$`));
  }
  for (let s = 0; s < STREAMS; s++) expect(seen.has(`B${s}`), `B${s} reachable`).toBe(true);
  await page.reload();
  await expect(page.getByTestId("stream-row-SWITCHYARD_HISTORY")).toBeVisible();
});

test("the filter searches the whole estate and lives in the URL", async ({ page }) => {
  await page.goto(`${BASE}/${ENV}`);
  await page.getByRole("searchbox", { name: /filter streams/i }).fill("B29");
  await expect(page).toHaveURL(/\?q=B29$/);
  await expect(page.getByTestId("stream-row-B299")).toBeVisible();
  await expect(page.locator('[data-testid^="stream-row-"]')).toHaveCount(11);
  await expect(page.getByTestId("stream-row-B0")).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-testid^="stream-row-"]')).toHaveCount(11);
  await expect(page.getByRole("searchbox", { name: /filter streams/i })).toHaveValue("B29");
  await page.getByRole("combobox", { name: "Sort streams by" }).selectOption("backlog");
  await expect(page).toHaveURL(/\?q=B29&sort=backlog$/);
  await expect(page.getByTestId("stream-row-B29")).toBeVisible();
});

test("the list API pages with a bounded answer", async ({ request }) => {
  const first = await (await request.get(`${BASE}/api/env/${ENV}/streams?limit=100&filter=b`)).json();
  expect(first.items).toHaveLength(100);
  expect(first.nextCursor).toBe("100");
  const consumers = await (await request.get(`${BASE}/api/env/${ENV}/consumers?limit=100&sort=name`)).json();
  expect(consumers.total).toBeGreaterThanOrEqual(STREAMS * 10);
  expect(consumers.items).toHaveLength(100);
  const summary = await request.get(`${BASE}/api/env/${ENV}/overview`);
  expect((await summary.body()).byteLength).toBeLessThan(40_000);
});

test("a stream with many consumers pages them and its subjects, the pages in the URL", async ({ page }) => {
  // Twelve pages of consumers (each fetched, then its own event stream): more than the default minute in CI.
  test.setTimeout(240_000);
  await page.goto(`${BASE}/${ENV}/streams/${WIDE.name}`);
  const table = page.getByRole("region", { name: "Consumers of this stream" });
  const pager = page.getByRole("navigation", { name: "consumers pages" });
  await expect(pager.getByTestId("pager-status")).toContainText(/^1–25 of 3\d\d consumers/);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const links = table.locator("tbody tr td:first-child a");
    await expect(links).toHaveCount(25);
    for (const name of await links.allTextContents()) seen.add(name.trim());
    const next = pager.getByRole("button", { name: "Next" });
    if (await next.isDisabled()) break;
    await next.click();
    await expect(page).toHaveURL(new RegExp(`cpage=${i + 2}$`));
    await expect(pager.getByTestId("pager-status")).toContainText(new RegExp(`^${i * 25 + 26}–`));
  }
  for (let c = 0; c < WIDE.consumers; c++) expect(seen.has(`w${c}`), `w${c} reachable`).toBe(true);
  // The page is in the URL: a reload (or a shared link) opens the same page.
  await page.goto(`${BASE}/${ENV}/streams/${WIDE.name}?cpage=3`);
  await expect(pager.getByTestId("pager-status")).toContainText(/^51–75 of/);

  // Subjects page alike, with their page in the URL too.
  const subjects = page.getByRole("navigation", { name: "subjects pages" });
  await expect(subjects.getByTestId("pager-status")).toContainText(`1–25 of ${WIDE.subjects} subjects`);
  await subjects.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/cpage=3&spage=2$/);
  await expect(subjects.getByTestId("pager-status")).toContainText(`26–50 of ${WIDE.subjects} subjects`);
  await page.reload();
  await expect(subjects.getByTestId("pager-status")).toContainText(`26–50 of ${WIDE.subjects} subjects`);
  expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(4000);
});

test("a stream's answers are bounded whatever its consumers and subjects", async ({ request }) => {
  const stream = await request.get(`${BASE}/api/env/${ENV}/streams/${WIDE.name}`);
  const body = await stream.json();
  expect(body.consumers).toBeUndefined();
  expect(body.consumerCount).toBeGreaterThanOrEqual(WIDE.consumers);
  expect((await stream.body()).byteLength).toBeLessThan(20_000);
  const consumers = await (
    await request.get(`${BASE}/api/env/${ENV}/consumers?stream=${WIDE.name}&limit=100&sort=name`)
  ).json();
  expect(consumers).toMatchObject({ total: WIDE.consumers, nextCursor: "100" });
  expect(consumers.items).toHaveLength(100);
  const subjects = await (
    await request.get(
      `${BASE}/api/env/${ENV}/streams/${WIDE.name}/subjects?filter=wide.%3E&limit=10&cursor=50`,
    )
  ).json();
  expect(subjects).toMatchObject({ matched: WIDE.subjects, offset: 50, nextCursor: null });
  expect(subjects.items).toHaveLength(10);
  const findings = await (await request.get(`${BASE}/api/env/${ENV}/findings?limit=5`)).json();
  expect(findings.items.length).toBeLessThanOrEqual(5);
  // A page of the stream's view at once (what its event stream would send), one page of consumers.
  const view = await request.get(
    `${BASE}/api/env/${ENV}/view?view=stream&stream=${WIDE.name}&limit=25&cursor=50`,
  );
  const { stream: viewed, consumers: page } = await view.json();
  expect(viewed.consumers).toHaveLength(25);
  expect(page).toMatchObject({ offset: 50, total: WIDE.consumers });
  expect((await view.body()).byteLength).toBeLessThan(40_000);
  expect((await request.get(`${BASE}/api/env/${ENV}/view?view=summary`)).status()).toBe(422);
});
