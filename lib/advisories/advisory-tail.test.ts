import { describe, expect, it } from "vitest";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { advisoryCount, createWorkQueue, publishJobs, work } from "@/lib/dlq/testing";
import { AdvisoryTail } from "./advisory-tail";

const suite = useNatsServer();

describe("AdvisoryTail", () => {
  it("counts NAKs, max deliveries and terminations per stream/consumer from the advisory stream", async () => {
    const { nc } = suite();
    const f = await createWorkQueue(nc, "ADVT");
    await publishJobs(nc, f, 6);
    // Jobs 1-3 are NAKed until max deliveries (2 NAKs each), jobs 4-6 terminated at once.
    await work(
      nc,
      f,
      (m) => (m.seq <= 3 ? "nak" : "term"),
      async () => (await advisoryCount(nc, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.ADVT.*")) >= 3,
    );
    const tail = new AdvisoryTail(() => nc, "$JS.API");
    try {
      await tail.tick();
      const counts = await waitFor(
        () => {
          const c = tail.counters.snapshot().get("ADVT/workers");
          return c && c.maxDeliveries === 3 && c.terminated === 3 ? c : undefined;
        },
        { what: "counts" },
      );
      expect(counts).toEqual({ naked: 6, maxDeliveries: 3, terminated: 3 });
    } finally {
      tail.stop();
    }
  });
});
