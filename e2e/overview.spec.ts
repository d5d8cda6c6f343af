import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;

test.describe("overview with the simulated agent system", () => {
  test("redirects to the environment and lists the demo streams with their consumers", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/${ENV}$`));
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    for (const stream of ["TOOL_REQUESTS", "TOOL_RESULTS", "CONVERSATIONS", "DEAD_LETTERS"]) {
      await expect(page.getByTestId(`stream-row-${stream}`)).toBeVisible();
    }
    await expect(page.getByTestId("consumer-row-TOOL_REQUESTS-worker-crm_lookup")).toBeVisible();
    const indicator = page.getByTestId("connection-indicator");
    await expect(indicator).toHaveAttribute("data-state", "connected");
    await expect(indicator).toContainText("v2.9.10");
    await expect(indicator).toContainText(ENV);
  });

  test("figures move without reloading the page", async ({ page }) => {
    await page.goto(`/${ENV}`);
    const cell = page.getByTestId("stream-row-CONVERSATIONS").getByTestId("messages");
    await expect(cell).toBeVisible();
    const first = await cell.innerText();
    let reloads = 0;
    page.on("load", () => reloads++);
    await expect(cell).not.toHaveText(first, { timeout: 20_000 });
    expect(reloads).toBe(0);
  });

  test("the stream filter lives in the URL", async ({ page }) => {
    await page.goto(`/${ENV}`);
    await page.getByRole("searchbox", { name: /filter streams/i }).fill("DEAD");
    await expect(page).toHaveURL(/\?q=DEAD$/);
    await expect(page.getByTestId("stream-row-DEAD_LETTERS")).toBeVisible();
    await expect(page.getByTestId("stream-row-TOOL_REQUESTS")).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId("stream-row-TOOL_REQUESTS")).toHaveCount(0);
    await expect(page.getByRole("searchbox", { name: /filter streams/i })).toHaveValue("DEAD");
  });

  test("a stream page shows its limits and consumers", async ({ page }) => {
    await page.goto(`/${ENV}`);
    await page
      .getByTestId("stream-row-TOOL_REQUESTS")
      .getByRole("link", { name: "TOOL_REQUESTS", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/${ENV}/streams/TOOL_REQUESTS$`));
    await expect(page.getByRole("heading", { name: "TOOL_REQUESTS" })).toBeVisible();
    await expect(page.getByText("workqueue")).toBeVisible();
    await expect(page.locator("#consumer-worker-web_search")).toBeVisible();
    await expect(page.getByRole("link", { name: "Streams", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  test("unknown streams and environments get a 404 page", async ({ page }) => {
    const stream = await page.goto(`/${ENV}/streams/NO_SUCH_STREAM`);
    expect(stream?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Stream not found" })).toBeVisible();
    const env = await page.goto(`/no-such-env`);
    expect(env?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  });

  test("the dead-letters view lists the dead-letter stream", async ({ page }) => {
    await page.goto(`/${ENV}/dead-letters`);
    await expect(page.getByTestId("dlq-row-DEAD_LETTERS")).toBeVisible();
  });
});
