import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import { setPool } from "./fixtures/sim-pool";

const ENV = E2E.environment;
const TOOLS = ["crm_lookup", "db_report", "send_email", "web_search"];

test.describe("tools", () => {
  test("the tools page lists the four tools with figures; sort and filter live in the URL", async ({
    page,
  }) => {
    await page.goto(`/${ENV}/tools`);
    await expect(page.getByRole("link", { name: "Tools", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    for (const tool of TOOLS)
      await expect(page.locator(`[data-testid="tool-row"][data-tool="${tool}"]`)).toBeVisible();
    await page.getByRole("link", { name: "p95" }).click();
    await expect(page).toHaveURL(/sort=p95/);
    await expect(page.getByRole("columnheader", { name: /p95/ })).toHaveAttribute("aria-sort", "descending");
    await page.getByRole("searchbox", { name: "Filter tools by name" }).fill("crm");
    await expect(page).toHaveURL(/q=crm/);
    await expect(page.getByTestId("tool-row")).toHaveCount(1);
    await page.reload();
    await expect(page.getByTestId("tool-row")).toHaveCount(1);
  });

  test("switching crm_lookup off shows its backlog and oldest waiting request on the tools page", async ({
    page,
  }) => {
    await page.goto(`/${ENV}/tools`);
    const row = page.locator('[data-testid="tool-row"][data-tool="crm_lookup"]');
    await expect(row).toBeVisible();
    await setPool("crm_lookup", false);
    try {
      // Refreshed after every poll, without a reload.
      await expect(row.getByTestId("tool-backlog")).not.toHaveText(/^(0|—)$/, { timeout: 30_000 });
      await expect(row.getByTestId("tool-oldest")).toHaveText(/\d+ (s|min)/, { timeout: 30_000 });
      const backlog = Number((await row.getByTestId("tool-backlog").innerText()).replace(/,/g, ""));
      expect(backlog).toBeGreaterThan(0);
      const api = await page.request.get(`/api/env/${ENV}/tools?q=crm_lookup`);
      const crm = (await api.json()).tools[0];
      expect(crm.backlog).toBeGreaterThan(0);
      expect(crm.oldestWaitingSeconds).toBeGreaterThan(0);
    } finally {
      await setPool("crm_lookup", true);
    }
  });

  test("one tool: figures, charts, the consumer behind it, and calls linking to traces", async ({ page }) => {
    await page.goto(`/${ENV}/tools/web_search`);
    await expect(page.getByRole("heading", { name: "web_search" })).toBeVisible();
    await expect(page.getByTestId("chart-p95").locator(".recharts-surface")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("link", { name: "worker-web_search" })).toBeVisible();
    const trace = page.getByTestId("tool-slowest").getByRole("link").first();
    await expect(trace).toHaveAttribute("href", new RegExp(`^/${ENV}/conversations/conv-`));
    await page.getByRole("link", { name: "24h", exact: true }).click();
    await expect(page).toHaveURL(/range=24h$/);
  });

  test("JSON API and /metrics; unknown tools and bad parameters are refused", async ({ request }) => {
    const list = await request.get(`/api/env/${ENV}/tools?sort=requestsPerMinute`);
    expect(list.status()).toBe(200);
    const body = await list.json();
    expect(body.tools.map((t: { tool: string }) => t.tool).sort()).toEqual(TOOLS);
    expect(body.tools[0].latency).toHaveProperty("p99");
    const one = await request.get(`/api/env/${ENV}/tools/send_email`);
    expect(one.status()).toBe(200);
    expect((await one.json()).consumers[0]).toMatchObject({
      stream: "TOOL_REQUESTS",
      consumer: "worker-send_email",
    });
    const series = await request.get(`/api/env/${ENV}/tools/send_email/series?metric=p95&range=15m`);
    expect(await series.json()).toMatchObject({ metric: "p95", unit: "s" });
    const missing = await request.get(`/api/env/${ENV}/tools/nope`);
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("tool_not_found");
    const bad = await request.get(`/api/env/${ENV}/tools?sort=sideways`);
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.message).toContain("sort");
    const metrics = await (await request.get(`/metrics`)).text();
    expect(metrics).toContain(
      `switchyard_tool_requests_total{environment="${ENV}",tool="crm_lookup",outcome="ok"}`,
    );
    expect(metrics).toMatch(
      new RegExp(
        `switchyard_tool_latency_seconds_bucket\\{environment="${ENV}",tool="crm_lookup",le="\\+Inf"\\} \\d+`,
      ),
    );
  });
});
