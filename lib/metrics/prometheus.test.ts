import { describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Collector } from "@/lib/collector/collector";
import { EnvironmentConnection } from "@/lib/nats/connection";
import { useNatsServer, waitFor } from "@/lib/testing/use-nats-server";
import { renderPrometheus } from "./prometheus";

type Jsz = {
  account_details: {
    stream_detail?: {
      name: string;
      consumer_detail?: { name: string; num_pending: number; num_ack_pending: number }[];
    }[];
  }[];
};

function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split("\n").find((l) => l.startsWith(`${metric}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : undefined;
}

describe("/metrics", () => {
  const suite = useNatsServer({ monitorPort: 0 });

  it("agrees with the server's own /jsz for pending and ack pending", async () => {
    const { nc, server } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
    await jsm.consumers.add("ORDERS", {
      durable_name: "billing",
      ack_policy: AckPolicy.Explicit,
      filter_subject: "orders.created",
    });
    await jsm.consumers.add("ORDERS", { durable_name: "audit", ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    for (let i = 0; i < 7; i++) await js.publish("orders.created", `o${i}`);
    for (let i = 0; i < 3; i++) await js.publish("orders.shipped", `s${i}`);
    const batch = await (
      await js.consumers.get("ORDERS", "billing")
    ).fetch({ max_messages: 3, expires: 2000 });
    let acked = false;
    for await (const m of batch) if (!acked) acked = Boolean(await m.ackAck());

    const connection = new EnvironmentConnection({
      name: "t",
      servers: [server.url],
      deadLetterStreams: [],
    }).start();
    await waitFor(() => connection.status().state === "connected");
    const collector = new Collector(connection, { intervalMs: 60_000 });
    try {
      await collector.tick();
      const { body, contentType } = await renderPrometheus([collector.latest()]);
      expect(contentType).toContain("text/plain");
      const jsz = (await (
        await fetch(`${server.monitorUrl}/jsz?accounts=true&streams=true&consumers=true`)
      ).json()) as Jsz;
      const details = jsz.account_details
        .flatMap((a) => a.stream_detail ?? [])
        .find((s) => s.name === "ORDERS")!;
      expect(details.consumer_detail).toHaveLength(2);
      for (const consumer of details.consumer_detail!) {
        const labels = { environment: "t", stream: "ORDERS", consumer: consumer.name };
        expect(sample(body, "switchyard_consumer_pending_messages", labels)).toBe(consumer.num_pending);
        expect(sample(body, "switchyard_consumer_ack_pending_messages", labels)).toBe(
          consumer.num_ack_pending,
        );
      }
      expect(
        sample(body, "switchyard_consumer_ack_pending_messages", { stream: "ORDERS", consumer: "billing" }),
      ).toBe(2);
      expect(sample(body, "switchyard_stream_messages", { stream: "ORDERS" })).toBe(10);
      expect(
        sample(body, "switchyard_subject_consumers", { stream: "ORDERS", subject: "orders.shipped" }),
      ).toBe(1);
      expect(
        sample(body, "switchyard_subject_consumers", { stream: "ORDERS", subject: "orders.created" }),
      ).toBe(2);
      expect(sample(body, "switchyard_collector_poll_requests", { environment: "t" })).toBeGreaterThan(0);
      expect(body).toContain("switchyard_consumer_oldest_unprocessed_age_seconds{");
    } finally {
      collector.stop();
      await connection.stop();
    }
  });
});
