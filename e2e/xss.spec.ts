import { expect, test, type Page } from "@playwright/test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;
const STREAM = "XSS_PROBE";
const IMG = "<img src=x onerror=alert(document.domain)>";
const SCRIPT = "</script><script>alert('script')</script>";
const SVG = '"><svg/onload=alert(1)>';

/** Fails the test on any dialog and counts elements an injection would have added. */
function watchForInjection(page: Page): { dialogs: string[] } {
  const seen = { dialogs: [] as string[] };
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

async function expectInert(page: Page, seen: { dialogs: string[] }): Promise<void> {
  expect(seen.dialogs).toEqual([]);
  expect(await page.locator('img[src="x"], svg[onload], [onerror]').count()).toBe(0);
  // Hostile text does reach the page inside Next's serialized (escaped, nonce-carrying) data scripts; an
  // injected script
  // element would have neither a src nor the request's nonce.
  expect(
    await page
      .locator("script")
      .evaluateAll(
        (scripts) =>
          scripts.filter((s) => !(s as HTMLScriptElement).src && !(s as HTMLScriptElement).nonce).length,
      ),
  ).toBe(0);
}

test.describe("hostile text renders inert", () => {
  test.beforeAll(async () => {
    const nc = await connect({ servers: `nats://127.0.0.1:${E2E.natsPort}` });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(STREAM).catch(() => undefined);
    await jsm.streams.add({ name: STREAM, subjects: ["xss.>"], description: `${IMG} ${SCRIPT} ${SVG}` });
    const h = headers();
    h.set("X-Evil", IMG);
    h.set("X-Script", SCRIPT);
    await jetstream(nc).publish("xss.probe", `${IMG}\n${SCRIPT}\n${SVG}\ncontact ada@example.com`, {
      headers: h,
    });
    await nc.close();
  });

  test("stream description on the overview and stream pages", async ({ page }) => {
    const seen = watchForInjection(page);
    await page.goto(`/${ENV}`);
    await expect(page.getByTestId(`stream-row-${STREAM}`)).toBeVisible({ timeout: 20_000 });
    await expectInert(page, seen);
    await page.goto(`/${ENV}/streams/${STREAM}`);
    await expect(page.getByText(IMG, { exact: false }).first()).toBeVisible();
    await expectInert(page, seen);
  });

  test("payload and header values in the message view, masked and revealed", async ({ page }) => {
    const seen = watchForInjection(page);
    await page.goto(`/${ENV}/streams/${STREAM}?seq=1`);
    const payload = page.getByTestId("message-payload");
    await expect(payload).toContainText(IMG);
    await expect(payload).toContainText(SCRIPT);
    await expect(payload).toContainText("[masked:email]");
    await expect(page.getByTestId("message-view")).toContainText(SCRIPT);
    await expectInert(page, seen);
    // Mode none: the local user is admin, so the audited reveal is offered.
    await page.getByRole("button", { name: "Reveal (audited)" }).click();
    await expect(payload).toContainText("ada@example.com");
    await expectInert(page, seen);
  });

  test("pages carry a nonce CSP and the no-sign-in banner, and run under it without violations", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
        violations.push(message.text());
    });
    page.on("pageerror", (error) => violations.push(error.message));
    const response = await page.goto(`/${ENV}`);
    const csp = response!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
    await expect(page.getByTestId("no-sign-in-banner")).toContainText("Sign-in is off");
    // The app still works under the policy: live figures arrive over the event stream.
    await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    await page.getByRole("link", { name: "Streams" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/${ENV}/streams`));
    expect(violations).toEqual([]);
  });
});
