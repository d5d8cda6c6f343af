import { expect, test } from "@playwright/test";
import { jetstream } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import { E2E } from "../playwright.config";

const ENV = E2E.environment;
const NATS_URL = `nats://127.0.0.1:${E2E.natsPort}`;
const CSRF = { "x-switchyard-csrf": "1" };

// The job store is opened by the runner that starts at boot (instrumentation), in another bundle than the route:
// its 409 must still leave as 409 `conflict`, not as 503 "NATS unreachable: … already holds …".
test("a second job over entries a running job holds is refused with 409 conflict", async ({ request }) => {
  const nc = await connect({ servers: NATS_URL });
  try {
    const js = jetstream(nc);
    const marker = `conflict${Date.now().toString(36)}`;
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const h = headers();
      h.set("X-Dlq-Stream", "TOOL_REQUESTS");
      h.set("X-Dlq-Subject", "tools.execute.web_search");
      h.set("X-Dlq-Seq", String(2_000_000 + i));
      h.set("X-Dlq-Reason", "max deliveries (5)");
      const ack = await js.publish(
        "switchyard.dlq.max_deliveries.TOOL_REQUESTS.worker-web_search.tools.execute.web_search",
        JSON.stringify({ marker, i }),
        { headers: h },
      );
      seqs.push(ack.seq);
    }
    const body = { dlq: "SWITCHYARD_DLQ", selection: { seqs }, ratePerSecond: 1 };
    const first = await request.post(`/api/env/${ENV}/redrive`, { data: body, headers: CSRF });
    expect(first.status()).toBe(200);
    const { job } = (await first.json()) as { job: { id: string } };
    try {
      const second = await request.post(`/api/env/${ENV}/redrive`, { data: body, headers: CSRF });
      expect(second.status()).toBe(409);
      const error = ((await second.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("conflict");
      expect(error.message).toContain(job.id);
      // No entries in doubt on a job that went fine: deciding for them is refused with a reason.
      const none = await request.post(`/api/env/${ENV}/redrive/${job.id}/in-doubt`, {
        data: { action: "send" },
        headers: CSRF,
      });
      expect(none.status()).toBe(422);
      expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(
        /no entries in doubt/,
      );
    } finally {
      await request.post(`/api/env/${ENV}/redrive/${job.id}/cancel`, { data: {}, headers: CSRF });
    }
  } finally {
    await nc.close();
  }
});
