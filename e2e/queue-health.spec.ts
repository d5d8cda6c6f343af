import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import { setPool } from "./fixtures/sim-pool";

const ENV = E2E.environment;
const TOOL = "web_search";
const WHERE = `TOOL_REQUESTS/worker-${TOOL}`;

test.describe("queue health", () => {
  test("a tool-pool outage raises findings within two minutes and switching it on clears them", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await page.goto(`/${ENV}`);
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    // The panel shows the worst few findings; other rules (the tools' findings) may fill it, so ask for all.
    const showAll = page.getByRole("button", { name: /^Show all \d+ findings$/ });
    const everyFinding = async () => {
      if (await showAll.isVisible()) await showAll.click();
      await expect(showAll).toBeHidden({ timeout: 1000 });
      await expect(page.getByText(/the worst \d+ shown/)).toHaveCount(0, { timeout: 1000 });
    };
    await setPool(TOOL, false);
    try {
      const started = Date.now();
      for (const rule of ["no_active_pullers", "backlog_growing", "oldest_message_age"]) {
        await expect(async () => {
          await everyFinding();
          await expect(page.locator(`[data-testid="finding-${rule}"][data-where="${WHERE}"]`)).toBeVisible({
            timeout: 1000,
          });
        }).toPass({ timeout: 120_000 - (Date.now() - started) });
      }
      console.log(`findings raised after ${Math.round((Date.now() - started) / 1000)} s`);
      // The finding links to the consumer page that explains it.
      await page.locator(`[data-testid="finding-no_active_pullers"][data-where="${WHERE}"] a`).click();
      await expect(page).toHaveURL(new RegExp(`/${ENV}/streams/TOOL_REQUESTS/consumers/worker-${TOOL}$`));
      await expect(page.getByRole("alert").filter({ hasText: "No consumers pulling" })).toBeVisible();
      await page.goto(`/${ENV}`);
    } finally {
      await setPool(TOOL, true);
    }
    const recovering = Date.now();
    await expect(async () => {
      await everyFinding();
      await expect(page.locator(`[data-where="${WHERE}"]`)).toHaveCount(0, { timeout: 1000 });
    }).toPass({ timeout: 120_000 });
    console.log(`findings cleared after ${Math.round((Date.now() - recovering) / 1000)} s`);
  });

  test("consumer page shows figures, charts with a range in the URL, and its configuration", async ({
    page,
  }) => {
    await page.goto(`/${ENV}/streams/TOOL_REQUESTS/consumers/worker-crm_lookup`);
    await expect(page.getByRole("heading", { name: "worker-crm_lookup" })).toBeVisible();
    for (const label of ["Backlog", "Oldest waiting", "Ack rate", "ETA to drain"])
      await expect(page.getByText(label, { exact: true }).first()).toBeVisible();
    await expect(page.getByTestId("chart-backlog").locator(".recharts-surface")).toBeVisible({
      timeout: 20_000,
    });
    await page.getByRole("link", { name: "6h", exact: true }).click();
    await expect(page).toHaveURL(/range=6h$/);
    await expect(page.getByRole("link", { name: "6h", exact: true })).toHaveAttribute("aria-current", "true");
    await expect(page.getByText("tools.execute.crm_lookup").first()).toBeVisible();
    await expect(page.getByText("Max deliver", { exact: true })).toBeVisible();
  });

  test("stream page counts stored messages per subject with the consumers reading each", async ({ page }) => {
    await page.goto(`/${ENV}/streams/TOOL_RESULTS`);
    await page.getByRole("searchbox", { name: "Subject filter" }).fill("tools.result.*");
    await page.getByRole("button", { name: "Count" }).click();
    await expect(page).toHaveURL(/subjects=tools\.result\.\*/);
    const row = page.locator('[data-testid^="subject-row-tools.result.conv-"]').first();
    await expect(row).toBeVisible();
    await expect(row.locator("td").nth(2)).toHaveText("1");
  });
});

test.describe("queue health API", () => {
  test("series, findings and /metrics answer; bad parameters get 422 naming them", async ({ request }) => {
    const series = await request.get(
      `/api/env/${ENV}/streams/TOOL_REQUESTS/consumers/worker-crm_lookup/series?metric=backlog&range=15m`,
    );
    expect(series.status()).toBe(200);
    const body = await series.json();
    expect(body).toMatchObject({ metric: "backlog", unit: "msgs" });
    expect(body.points.length).toBeGreaterThan(0);
    expect(body.points.length).toBeLessThanOrEqual(600);

    const findings = await request.get(`/api/env/${ENV}/findings?limit=100`);
    expect(findings.status()).toBe(200);
    const page = await findings.json();
    expect(Array.isArray(page.items)).toBe(true);
    expect(page.items.length).toBeLessThanOrEqual(100);
    expect(page).toMatchObject({ offset: 0, limit: 100 });

    const metrics = await request.get(`/metrics`);
    expect(metrics.status()).toBe(200);
    expect(await metrics.text()).toContain(
      `switchyard_consumer_oldest_unprocessed_age_seconds{environment="${ENV}",stream="TOOL_REQUESTS",consumer="worker-crm_lookup"}`,
    );

    for (const [path, param] of [
      [`/api/env/${ENV}/streams/TOOL_REQUESTS/series?metric=nope`, "metric"],
      [`/api/env/${ENV}/streams/TOOL_REQUESTS/series?metric=messages&range=2y`, "range"],
      [`/api/env/${ENV}/streams/TOOL_REQUESTS/subjects?filter=a..b`, "filter"],
      [`/api/env/${ENV}/streams/TOOL_REQUESTS/subjects?limit=101`, "limit"],
      [`/api/env/${ENV}/findings?limit=101`, "limit"],
      [`/api/env/${ENV}/findings?cursor=x`, "cursor"],
    ]) {
      const response = await request.get(path!);
      expect(response.status(), path).toBe(422);
      expect((await response.json()).error.message).toContain(param);
    }
    const unknown = await request.get(
      `/api/env/${ENV}/streams/TOOL_REQUESTS/consumers/nobody/series?metric=backlog`,
    );
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe("consumer_not_found");
  });
});
