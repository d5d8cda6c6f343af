import { expect, test } from "@playwright/test";
import { E2E, E2E_AUTH } from "../playwright.config";

const ENV = E2E.environment;
const BASE = `http://127.0.0.1:${E2E.authAppPort}`;

async function signIn(
  page: import("@playwright/test").Page,
  user: keyof typeof E2E_AUTH.passwords,
  path = `/${ENV}`,
) {
  await page.goto(`${BASE}${path}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(E2E_AUTH.passwords[user]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-menu")).toContainText(user);
}

test.describe("password sign-in", () => {
  test("anonymous visitors are sent to the login page and the API answers 401", async ({ page, request }) => {
    await page.goto(`${BASE}/${ENV}/streams`);
    await expect(page).toHaveURL(`${BASE}/login?next=%2F${ENV}%2Fstreams`);
    await expect(
      page.getByRole("heading", { name: /Sign in/ }).or(page.getByText("Sign in to Switchyard")),
    ).toBeVisible();
    await expect(page.getByTestId("no-sign-in-banner")).toHaveCount(0);
    const api = await request.get(`${BASE}/api/env/${ENV}/overview`);
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe("unauthenticated");
  });

  test("a wrong password is refused with a message; the right one opens the page asked for", async ({
    page,
  }) => {
    await page.goto(`${BASE}/${ENV}/streams`);
    await page.getByLabel("User name").fill("viewer");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#login-error")).toContainText("user name or password is wrong");
    await page.getByLabel("Password").fill(E2E_AUTH.passwords.viewer);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${BASE}/${ENV}/streams`);
    await expect(page.getByTestId("user-menu")).toContainText("viewer");
    const cookie = (await page.context().cookies()).find((c) => c.name === "switchyard_session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  });

  test("a viewer sees masked payloads and no reveal; the server refuses it too", async ({ page }) => {
    await signIn(page, "viewer", `/${ENV}/streams/CONVERSATIONS?seq=1`);
    await expect(page.getByTestId("message-view")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reveal (audited)" })).toHaveCount(0);
    const status = await page.evaluate(
      async (url) => (await fetch(url, { method: "POST", headers: { "x-switchyard-csrf": "1" } })).status,
      `/api/env/${ENV}/streams/CONVERSATIONS/messages/1/reveal`,
    );
    expect(status).toBe(403);
  });

  test("an operator can reveal; a request without the CSRF header is refused", async ({ page }) => {
    await signIn(page, "operator");
    const url = `/api/env/${ENV}/streams/CONVERSATIONS/messages/1/reveal`;
    const results = await page.evaluate(async (u) => {
      const bare = await fetch(u, { method: "POST" });
      const ok = await fetch(u, { method: "POST", headers: { "x-switchyard-csrf": "1" } });
      return [bare.status, ok.status, (await ok.json()).masking.revealed];
    }, url);
    expect(results).toEqual([403, 200, true]);
  });

  test("sign out ends the session, also for a copied cookie", async ({ page, request }) => {
    await signIn(page, "admin");
    const cookie = (await page.context().cookies()).find((c) => c.name === "switchyard_session")!;
    const copied = { cookie: `switchyard_session=${cookie.value}` };
    expect((await request.get(`${BASE}/api/env/${ENV}/overview`, { headers: copied })).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto(`${BASE}/${ENV}`);
    await expect(page).toHaveURL(/\/login\?next=/);
    expect((await request.get(`${BASE}/api/env/${ENV}/overview`, { headers: copied })).status()).toBe(401);
    const pageWithCopy = await request.get(`${BASE}/${ENV}`, { headers: copied, maxRedirects: 0 });
    expect(pageWithCopy.status()).toBe(307);
    expect(pageWithCopy.headers().location).toMatch(/\/login\?next=/);
  });

  test("API tokens work for scripts, unknown ones are refused", async ({ request }) => {
    const ok = await request.get(`${BASE}/api/env/${ENV}/overview`, {
      headers: { authorization: `Bearer ${E2E_AUTH.viewerToken}` },
    });
    expect(ok.status()).toBe(200);
    const bad = await request.get(`${BASE}/api/env/${ENV}/overview`, {
      headers: { authorization: "Bearer syt_unknown" },
    });
    expect(bad.status()).toBe(401);
    const forbidden = await request.post(`${BASE}/api/env/${ENV}/streams/CONVERSATIONS/messages/1/reveal`, {
      headers: { authorization: `Bearer ${E2E_AUTH.viewerToken}` },
    });
    expect(forbidden.status()).toBe(403);
  });

  test("identity headers from a client that is not a trusted proxy are ignored", async ({ request }) => {
    const response = await request.get(`${BASE}/api/env/${ENV}/overview`, {
      headers: {
        "x-switchyard-peer": "127.0.0.1",
        "x-forwarded-user": "admin",
        "x-forwarded-groups": "admins",
      },
    });
    expect(response.status()).toBe(401);
  });
});
