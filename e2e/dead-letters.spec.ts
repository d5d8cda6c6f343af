import { expect, test } from "@playwright/test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;
const NATS_URL = `nats://127.0.0.1:${E2E.natsPort}`;
const TOOL = "web_search";
const COUNT = 60;

/** Dead letters as Switchyard's capture writes them: tool requests of one conversation that ran out of deliveries. */
async function seedDeadLetters(nc: NatsConnection, marker: string): Promise<void> {
  await waitForStream(nc, "SWITCHYARD_DLQ");
  const js = jetstream(nc);
  for (let i = 0; i < COUNT; i++) {
    const request = {
      request_id: `${marker}-${i}`,
      conversation_id: `conv-${marker}`,
      tool: TOOL,
      args: { query: `${marker} ${i}` },
    };
    const h = headers();
    h.set("Conversation-Id", request.conversation_id);
    h.set("X-Dlq-Stream", "TOOL_REQUESTS");
    h.set("X-Dlq-Subject", `tools.execute.${TOOL}`);
    h.set("X-Dlq-Seq", String(1_000_000 + i));
    h.set("X-Dlq-Consumer", `worker-${TOOL}`);
    h.set("X-Dlq-Deliveries", "5");
    h.set("X-Dlq-Reason", "max deliveries (5)");
    h.set("X-Dlq-Time", new Date().toISOString());
    await js.publish(
      `switchyard.dlq.max_deliveries.TOOL_REQUESTS.worker-${TOOL}.tools.execute.${TOOL}`,
      JSON.stringify(request),
      { headers: h, msgID: `e2e:${marker}:${i}` },
    );
  }
}

async function waitForStream(nc: NatsConnection, name: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await expect
    .poll(async () => (await jsm.streams.info(name).catch(() => null))?.config.name, { timeout: 30_000 })
    .toBe(name);
}

test("filter, dry-run and redrive dead letters with live progress; the tool's queue takes the work", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const nc = await connect({ servers: NATS_URL });
  try {
    const marker = `e2e${Date.now().toString(36)}`;
    await seedDeadLetters(nc, marker);
    const jsm = await jetstreamManager(nc);
    // Our own count of what reaches the tool's subject with this run's marker (the simulator publishes there too).
    let redriven = 0;
    const tap = nc.subscribe(`tools.execute.${TOOL}`);
    void (async () => {
      for await (const msg of tap) if (msg.string().includes(marker)) redriven++;
    })();
    await nc.flush();

    // Filter by original subject (wildcard) and payload text; the filter lands in the URL.
    await page.goto(`/${ENV}/dead-letters`);
    await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();
    await page.getByLabel("Original subject").fill("tools.execute.*");
    await page.getByLabel("Text in payload").fill(marker);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`subject=tools\\.execute\\.\\*.*text=${marker}`));
    await expect(page.getByTestId("dlq-entry")).toHaveCount(50); // first page of 50, newest first
    await expect(page.getByTestId("older-page")).toBeVisible();

    // Dry run: counts what would move, publishes nothing.
    await page.getByRole("button", { name: "Redrive all matching…" }).click();
    await page.getByLabel("Rate limit in messages per second").fill("20");
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("plan-count")).toHaveText(String(COUNT));
    await expect(page.getByTestId("redrive-plan")).toContainText(`tools.execute.${TOOL}`);
    await expect(page.getByTestId("redrive-plan")).toContainText("TOOL_REQUESTS");
    await nc.flush();
    expect(redriven).toBe(0); // a dry run publishes nothing

    // Redrive at 20 msgs/s: progress moves while we watch, then the job is done.
    await page.getByRole("button", { name: `Redrive ${COUNT} entries` }).click();
    const job = page.getByTestId("redrive-job").first();
    await expect(job).toBeVisible();
    await expect
      .poll(async () => Number((await job.getByTestId("job-moved").innerText()).replace(/,/g, "")), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number((await job.getByTestId("job-moved").innerText()).replace(/,/g, "")), {
        timeout: 20_000,
      })
      .toBeLessThan(COUNT); // caught mid-way: it is paced
    await expect(job).toHaveAttribute("data-state", "done", { timeout: 30_000 });
    await expect(job.getByTestId("job-moved")).toHaveText(String(COUNT));

    // The DLQ shrank: nothing matches the filter any more.
    await page.reload();
    await expect(page.getByText("No entry matches these filters")).toBeVisible();

    // The tool's queue took the work: the web_search workers were handed every redriven request.
    await expect.poll(() => redriven, { timeout: 10_000 }).toBeGreaterThanOrEqual(COUNT);
    const info = await jsm.streams.info("TOOL_REQUESTS");
    const last = await jsm.streams
      .getMessage("TOOL_REQUESTS", { last_by_subj: `tools.execute.${TOOL}` })
      .catch(() => null);
    const lastSeq = last?.seq ?? info.state.last_seq;
    await expect
      .poll(async () => (await jsm.consumers.info("TOOL_REQUESTS", `worker-${TOOL}`)).delivered.stream_seq, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(lastSeq);

    // And the audit page says who did it.
    await page.getByRole("link", { name: "Audit" }).click();
    await expect(page.getByTestId("audit-row").filter({ hasText: "redrive.start" }).first()).toContainText(
      "local",
    );
  } finally {
    await nc.close();
  }
});

test("bad input gets a clear 4xx, never a 500", async ({ request }) => {
  const cases: { method: "get" | "post"; path: string; body?: unknown; status: number }[] = [
    {
      method: "post",
      path: `/api/env/${ENV}/redrive`,
      body: { dlq: "SWITCHYARD_DLQ", selection: { seqs: [1] }, target: "$JS.API.STREAM.LIST" },
      status: 422,
    },
    {
      method: "post",
      path: `/api/env/${ENV}/redrive`,
      body: { dlq: "SWITCHYARD_DLQ", selection: { seqs: [1] }, target: "tools.*" },
      status: 422,
    },
    {
      method: "post",
      path: `/api/env/${ENV}/redrive`,
      body: { dlq: "SWITCHYARD_DLQ", selection: { seqs: [] } },
      status: 422,
    },
    {
      method: "post",
      path: `/api/env/${ENV}/redrive`,
      body: { dlq: "SWITCHYARD_DLQ", selection: { seqs: [999_999_999] } },
      status: 404,
    },
    {
      method: "post",
      path: `/api/env/${ENV}/redrive`,
      body: { dlq: "TOOL_REQUESTS", selection: { seqs: [1] } },
      status: 404,
    },
    { method: "get", path: `/api/env/${ENV}/dead-letters?cursor=garbage`, status: 422 },
    { method: "get", path: `/api/env/${ENV}/dead-letters?subject=a.%3E.b`, status: 422 },
    { method: "get", path: `/api/env/${ENV}/dead-letters/SWITCHYARD_DLQ/999999999`, status: 404 },
    { method: "get", path: `/api/env/${ENV}/dead-letters/SWITCHYARD_DLQ/-1`, status: 422 },
    { method: "post", path: `/api/env/${ENV}/redrive/rd-nope/cancel`, body: {}, status: 404 },
  ];
  for (const c of cases) {
    const response =
      c.method === "get"
        ? await request.get(c.path)
        : await request.post(c.path, { data: c.body, headers: { "x-switchyard-csrf": "1" } });
    expect(response.status(), `${c.method} ${c.path}`).toBe(c.status);
    expect((await response.json()).error.message).toBeTruthy();
  }
});

test("an entry with HTML, control characters and a binary payload shows inertly", async ({ page }) => {
  const nc = await connect({ servers: NATS_URL });
  try {
    await waitForStream(nc, "SWITCHYARD_DLQ");
    const js = jetstream(nc);
    const h = headers();
    h.set("X-Dlq-Subject", "tools.execute.web_search");
    h.set("X-Evil", "<img src=x onerror=alert(1)>\u0007");
    const html = await js.publish(
      "switchyard.dlq.terminated.TOOL_REQUESTS.worker-web_search.tools.execute.web_search",
      "<script>window.pwnedByPayload=1</script>",
      { headers: h },
    );
    const binary = await js.publish(
      "switchyard.dlq.terminated.TOOL_REQUESTS.worker-web_search.tools.execute.web_search",
      new Uint8Array([0xff, 0xfe, 0x00, 0x41]),
    );
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`/${ENV}/dead-letters/SWITCHYARD_DLQ/${html.seq}`);
    await expect(page.getByTestId("payload")).toHaveText("<script>window.pwnedByPayload=1</script>");
    await expect(page.getByText("<img src=x onerror=alert(1)>\\u0007")).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { pwnedByPayload?: number }).pwnedByPayload),
    ).toBeUndefined();
    await page.goto(`/${ENV}/dead-letters/SWITCHYARD_DLQ/${binary.seq}`);
    // Masking cannot look inside binary payloads, so they are withheld until an (audited) reveal.
    await expect(page.getByTestId("masked-note")).toContainText("binary payload withheld");
    await page.getByRole("button", { name: "Reveal original (audited)" }).click();
    await expect(page.getByRole("button", { name: "Hex" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("payload")).toContainText("ff fe 00 41");
    expect(dialogs).toBe(0);
  } finally {
    await nc.close();
  }
});

test("an entry whose payload was lost says so, and why, on its page", async ({ page }) => {
  const nc = await connect({ servers: NATS_URL });
  try {
    await waitForStream(nc, "SWITCHYARD_DLQ");
    // As capture writes a terminated work-queue message that had left its stream: origin headers, no payload.
    const h = headers();
    h.set("X-Dlq-Stream", "TOOL_REQUESTS");
    h.set("X-Dlq-Subject", "tools.execute.web_search");
    h.set("X-Dlq-Seq", "3000000");
    h.set("X-Dlq-Reason", "terminated");
    h.set("X-Dlq-Payload-Lost", "true");
    const lost = await jetstream(nc).publish(
      "switchyard.dlq.terminated.TOOL_REQUESTS.worker-web_search.tools.execute.web_search",
      new Uint8Array(),
      { headers: h },
    );
    await page.goto(`/${ENV}/dead-letters/SWITCHYARD_DLQ/${lost.seq}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("payload lost");
    await expect(page.getByTestId("payload-lost-note")).toContainText(
      "The payload is gone: the message had already left TOOL_REQUESTS",
    );
  } finally {
    await nc.close();
  }
});
