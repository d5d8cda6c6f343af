import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;

test.describe("JSON API", () => {
  test("health reports the NATS connection and server version", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ok");
    expect(body.environments[0]).toMatchObject({
      name: ENV,
      state: "connected",
      serverVersion: "2.9.10",
      jetstream: true,
    });
    expect(JSON.stringify(body)).not.toMatch(/password|token|creds/i);
  });

  test("overview is the estate summary; streams and consumers come a page at a time", async ({ request }) => {
    const body = await (await request.get(`/api/env/${ENV}/overview`)).json();
    expect(body.streams).toBeUndefined();
    expect(body.totals.streams).toBeGreaterThanOrEqual(4);
    expect(body.poll.requests).toBeGreaterThan(0);
    const page = await (
      await request.get(`/api/env/${ENV}/streams?filter=tool_req&open=TOOL_REQUESTS&sort=name`)
    ).json();
    expect(page).toMatchObject({ matched: 1, nextCursor: null });
    const requests = page.items[0];
    expect(requests.retention).toBe("workqueue");
    expect(requests.consumerRows.map((c: { name: string }) => c.name).sort()).toEqual([
      "worker-crm_lookup",
      "worker-db_report",
      "worker-send_email",
      "worker-web_search",
    ]);
    const consumers = await (
      await request.get(`/api/env/${ENV}/consumers?stream=TOOL_REQUESTS&sort=name&limit=2`)
    ).json();
    expect(consumers.items.map((c: { name: string }) => c.name)).toEqual([
      "worker-crm_lookup",
      "worker-db_report",
    ]);
    expect(consumers.nextCursor).toBe("2");
  });

  const errors = [
    { path: `/api/env/${ENV}/streams/NO_SUCH_STREAM`, status: 404, code: "stream_not_found" },
    { path: `/api/env/${ENV}/streams/bad.name`, status: 422, code: "invalid_input" },
    { path: `/api/env/no-such-env/overview`, status: 404, code: "unknown_environment" },
    { path: `/api/env/BAD%20ENV/overview`, status: 422, code: "invalid_input" },
    { path: `/api/env/${ENV}/streams?limit=5000`, status: 422, code: "invalid_input" },
    { path: `/api/env/${ENV}/streams?sort=size`, status: 422, code: "invalid_input" },
    { path: `/api/env/${ENV}/consumers?stream=NO_SUCH_STREAM`, status: 404, code: "stream_not_found" },
    { path: `/api/env/${ENV}/events?view=stream`, status: 422, code: "invalid_input" },
  ];
  for (const { path, status, code } of errors) {
    test(`${path} → ${status} ${code}`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(status);
      const body = await response.json();
      expect(body.error.code).toBe(code);
      expect(body.error.message).toBeTruthy();
    });
  }

  test("the events stream sends the summary at once", async () => {
    // Playwright's request API waits for the whole body, which never ends: read the first event with fetch.
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${E2E.appPort}/api/env/${ENV}/events`, {
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain("event: summary");
    expect(JSON.parse(text.split("data: ")[1]!.split("\n")[0]!).environment).toBe(ENV);
  });
});
