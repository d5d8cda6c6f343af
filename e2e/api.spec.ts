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

  test("overview lists streams with consumer figures", async ({ request }) => {
    const body = await (await request.get(`/api/env/${ENV}/overview`)).json();
    const requests = body.streams.find((s: { name: string }) => s.name === "TOOL_REQUESTS");
    expect(requests.retention).toBe("workqueue");
    expect(requests.consumers.map((c: { name: string }) => c.name)).toEqual([
      "worker-crm_lookup",
      "worker-db_report",
      "worker-send_email",
      "worker-web_search",
    ]);
    expect(body.poll.requests).toBeGreaterThan(0);
  });

  const errors = [
    { path: `/api/env/${ENV}/streams/NO_SUCH_STREAM`, status: 404, code: "stream_not_found" },
    { path: `/api/env/${ENV}/streams/bad.name`, status: 422, code: "invalid_input" },
    { path: `/api/env/no-such-env/overview`, status: 404, code: "unknown_environment" },
    { path: `/api/env/BAD%20ENV/overview`, status: 422, code: "invalid_input" },
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

  test("the events stream sends an overview at once", async () => {
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
    expect(text).toContain("event: overview");
    expect(JSON.parse(text.split("data: ")[1]!.split("\n")[0]!).environment).toBe(ENV);
  });
});
