import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;

test.describe("conversation traces", () => {
  test("opens a dead-lettered conversation from the list, sees the failure marker and follows it to the dead-letter entry", async ({
    page,
  }) => {
    await page.goto(`/${ENV}/conversations`);
    await page.getByRole("combobox", { name: "Status" }).selectOption("dlq");
    await expect(page).toHaveURL(/\?status=dlq$/);
    const row = page.getByTestId("conversation-row").first();
    // SIM_SEED=7 dead-letters conversations #20 and #23 (send_email, permanent): about 10 s after the simulator starts.
    await expect(async () => {
      await page.reload();
      await expect(row).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 45_000 });
    await expect(row).toHaveAttribute("data-status", "dlq");
    const link = row.getByRole("link");
    const id = (await link.innerText()).trim();
    await link.click();

    await expect(page).toHaveURL(new RegExp(`/${ENV}/conversations/${id}$`));
    await expect(page.getByRole("heading", { name: id })).toBeVisible();
    await expect(page.getByTestId("trace-summary")).toContainText("in DLQ");
    await expect(page.getByTestId("marker-dead_lettered").first()).toBeVisible();
    await expect(page.getByTestId("pair-bar").first()).toBeVisible();

    // Click a message: its headers and payload show as text.
    await page
      .getByRole("button", { name: /^user message/ })
      .first()
      .click();
    await expect(page.getByTestId("mark-detail")).toContainText("Conversation-Id");
    await expect(page.getByTestId("payload")).toContainText('"role": "user"');

    // Usually the application's DEAD_LETTERS (send_email fails permanently); on a loaded machine a slow tool can
    // run out of deliveries first, and that conversation's entry is in Switchyard's own DLQ.
    const deadLetter = page
      .getByTestId("event-dead_lettered")
      .getByRole("link", { name: /dead-letter entry (DEAD_LETTERS|SWITCHYARD_DLQ) #\d+/ });
    await deadLetter.first().click();
    // The exact entry page, which links back to the conversation.
    await expect(page).toHaveURL(
      new RegExp(`/${ENV}/dead-letters/(DEAD_LETTERS|SWITCHYARD_DLQ)/\\d+\\?conversation=${id}$`),
    );
    await expect(page.getByRole("heading", { name: /^Entry \d+/ })).toBeVisible();
    await expect(page.getByRole("link", { name: id })).toHaveAttribute(
      "href",
      new RegExp(`/conversations/${id}\\?mark=`),
    );
  });

  test("bad and unknown ids: 422 from the API, a clear message and an empty state that says where it looked", async ({
    page,
    request,
  }) => {
    for (const bad of ["a*b", "a.b", "a%20b", "%3E"]) {
      const response = await request.get(`/api/env/${ENV}/conversations/${bad}`);
      expect(response.status(), bad).toBe(422);
      expect((await response.json()).error.message).toMatch(/must not contain/);
    }
    await page.goto(`/${ENV}/conversations/conv.with.dots`);
    await expect(page.getByRole("alert").filter({ hasText: "conv.with.dots" })).toContainText(
      "must not contain '*', '>', '.'",
    );
    const unknown = await request.get(`/api/env/${ENV}/conversations/conv-nobody-here`);
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.message).toContain("CONVERSATIONS");
    await page.goto(`/${ENV}/conversations/conv-nobody-here`);
    await expect(page.getByText("No messages found for conversation conv-nobody-here")).toBeVisible();
    await expect(page.getByTestId("searched-sources")).toContainText("CONVERSATIONS");
    await expect(page.getByTestId("searched-sources")).toContainText("TOOL_REQUESTS");
  });
});
