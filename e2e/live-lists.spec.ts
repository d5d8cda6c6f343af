// Lists say when something new arrived, without a reload: a new dead letter is announced and shown on request.
import { expect, test } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { E2E } from "../playwright.config";
import { seedDeadLetters } from "./fixtures/seed-dead-letters";

const ENV = E2E.environment;
const NATS_URL = `nats://127.0.0.1:${E2E.natsPort}`;

test("a new dead letter is announced on the open list and shown without a reload", async ({ page }) => {
  const marker = `live${Date.now().toString(36)}`;
  const nc = await connect({ servers: NATS_URL });
  try {
    await seedDeadLetters(nc, marker, 1);
    await page.goto(`/${ENV}/dead-letters?dlq=SWITCHYARD_DLQ&text=${marker}`);
    await expect(page.getByTestId("dlq-entry")).toHaveCount(1);
    let loads = 0;
    page.on("load", () => loads++);

    await seedDeadLetters(nc, marker, 2);
    const bar = page.getByTestId("new-items");
    await expect(bar).toHaveText("2 new dead letters — show", { timeout: 20_000 });
    await bar.click();
    await expect(page.getByTestId("dlq-entry")).toHaveCount(3);
    await expect(bar).toHaveCount(0);
    expect(loads).toBe(0);
  } finally {
    await nc.close();
  }
});

test("dead letters stored before the page's live stream opens are announced too", async ({
  page,
  request,
}) => {
  const marker = `early${Date.now().toString(36)}`;
  const nc = await connect({ servers: NATS_URL });
  // Hold the tab's event stream back, as a busy server can, until the new dead letters are in a poll.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/env/*/events**", async (route) => {
    await held;
    await route.continue();
  });
  try {
    await seedDeadLetters(nc, marker, 1);
    await page.goto(`/${ENV}/dead-letters?dlq=SWITCHYARD_DLQ&text=${marker}`);
    await expect(page.getByTestId("dlq-entry")).toHaveCount(1);
    const seqs = await seedDeadLetters(nc, marker, 2);
    await expect
      .poll(
        async () => (await (await request.get(`/api/env/${ENV}/streams/SWITCHYARD_DLQ`)).json()).lastSeq,
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThanOrEqual(Math.max(...seqs));
    release();
    await expect(page.getByTestId("new-items")).toHaveText("2 new dead letters — show", { timeout: 10_000 });
  } finally {
    release();
    await nc.close();
  }
});
