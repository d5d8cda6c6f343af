// Each role is offered what it may do: a viewer no redrive, discard, reveal or job control; an operator all of
// them, behind dialogs that take focus, close on Escape and hand focus back. The server still refuses a viewer.
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { E2E, E2E_AUTH } from "../playwright.config";
import { seedDeadLetters } from "./fixtures/seed-dead-letters";

const ENV = E2E.environment;
const BASE = `http://127.0.0.1:${E2E.authAppPort}`;
const NATS_URL = `nats://127.0.0.1:${E2E.natsPort}`;

async function signedIn(
  browser: Browser,
  user: keyof typeof E2E_AUTH.passwords,
  path: string,
): Promise<Page> {
  // A page of its own context (axe needs one), so each role has its own cookie jar.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}${path}`);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(E2E_AUTH.passwords[user]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-menu")).toContainText(user);
  return page;
}

const ACTIONS = /^(Redrive|Discard|Reveal|Cancel|Pause|Resume)/;

test("a viewer is offered no redrive, discard, reveal or cancel; an operator gets them behind dialogs", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const marker = `roles${Date.now().toString(36)}`;
  const nc = await connect({ servers: NATS_URL });
  const seqs = await seedDeadLetters(nc, marker, 30).finally(() => nc.close());
  const list = `/${ENV}/dead-letters?dlq=SWITCHYARD_DLQ&text=${marker}`;

  // The operator starts a slow job (1 msg/s), so it is running while the viewer looks.
  const operator = await signedIn(browser, "operator", list);
  await expect(operator.getByTestId("dlq-entry")).toHaveCount(30);
  const started = await operator.evaluate(
    async ({ url, picked }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-switchyard-csrf": "1" },
        body: JSON.stringify({ dlq: "SWITCHYARD_DLQ", selection: { seqs: picked }, ratePerSecond: 1 }),
      });
      return { status: response.status, body: await response.json() };
    },
    { url: `/api/env/${ENV}/redrive`, picked: seqs.slice(0, 20) },
  );
  expect(started.status).toBe(200);
  const jobId: string = started.body.job.id;

  const viewer = await signedIn(browser, "viewer", list);
  // Signed in, the header stays one line at 1440 px.
  expect((await viewer.locator("header").first().boundingBox())!.height).toBeLessThan(64);
  const job = viewer.getByTestId("redrive-job").filter({ hasText: jobId });
  await expect(job).toBeVisible();
  await expect(viewer.getByTestId("dlq-entry").first()).toBeVisible();
  await expect(viewer.getByRole("button", { name: ACTIONS })).toHaveCount(0);
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByTestId("operate-note").first()).toContainText("operator role (you are viewer)");
  // The entry page: no redrive, discard, reveal or edit either.
  await viewer.goto(`${BASE}/${ENV}/dead-letters/SWITCHYARD_DLQ/${seqs.at(-1)}`);
  await expect(viewer.getByRole("heading", { name: /Entry/ })).toBeVisible();
  await expect(viewer.getByRole("button", { name: ACTIONS })).toHaveCount(0);
  await expect(viewer.getByTestId("operate-note")).toBeVisible();
  // The server still refuses what the UI does not offer.
  const refused = await viewer.evaluate(
    async (url) => (await fetch(url, { method: "POST", headers: { "x-switchyard-csrf": "1" } })).status,
    `/api/env/${ENV}/redrive/${jobId}/cancel`,
  );
  expect(refused).toBe(403);

  // The operator sees the job's controls; cancel asks first, Escape keeps the job and gives focus back.
  const own = operator.getByTestId("redrive-job").filter({ hasText: jobId });
  await expect(own).toHaveAttribute("data-state", "running");
  const cancel = own.getByRole("button", { name: "Cancel…" });
  await cancel.click();
  const confirm = operator.getByRole("dialog", { name: `Cancel redrive job ${jobId}?` });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Keep it running" })).toBeFocused();
  await operator.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(cancel).toBeFocused();
  await expect(own).toHaveAttribute("data-state", "running");
  await cancel.click();
  await operator.getByRole("button", { name: "Cancel the job" }).click();
  // A job watched to its end keeps its card, with its final state.
  await expect(own).toHaveAttribute("data-state", "cancelled");

  // Redrive and discard open as dialogs with focus inside; Escape closes them and focus returns to the opener.
  for (const name of ["Redrive all matching…", "Discard selected…"]) {
    if (name.startsWith("Discard"))
      await operator
        .getByRole("checkbox", { name: /Select entry/ })
        .first()
        .check();
    const opener = operator.getByRole("button", { name });
    await opener.click();
    const dialog = operator.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.locator(":focus")).toHaveCount(1);
    const axe = await new AxeBuilder({ page: operator })
      .include("dialog")
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    expect(axe.violations.filter((v) => v.impact === "critical" || v.impact === "serious")).toEqual([]);
    await operator.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  }
  await operator.context().close();
  await viewer.context().close();
});
