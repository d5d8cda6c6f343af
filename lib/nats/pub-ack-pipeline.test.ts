import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { PubAckPipeline, PubAckRefused } from "./pub-ack-pipeline";

const suite = useNatsServer();
const data = new TextEncoder().encode("{}");

function withId(id: string, expectedStream?: string) {
  const h = headers();
  h.set("Nats-Msg-Id", id);
  if (expectedStream) h.set("Nats-Expected-Stream", expectedStream);
  return h;
}

describe("PubAckPipeline", () => {
  it("resolves each publish with its own PubAck, de-duplicates by Nats-Msg-Id, and refuses what the server refuses", async () => {
    const { nc } = suite();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "PIPE", subjects: ["pipe.>"] });
    const pipeline = new PubAckPipeline(nc);
    try {
      const acks = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          pipeline.publish(`pipe.${i % 3}`, data, withId(`m${i}`, "PIPE")),
        ),
      );
      expect(acks.map((a) => a.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(acks.every((a) => a.stream === "PIPE" && !a.duplicate)).toBe(true);
      expect(await pipeline.publish("pipe.0", data, withId("m7"))).toEqual({
        stream: "PIPE",
        seq: 8,
        duplicate: true,
      });
      const wrongStream = await pipeline
        .publish("pipe.0", data, withId("x1", "OTHER"))
        .catch((e: unknown) => e);
      expect(wrongStream).toBeInstanceOf(PubAckRefused);
      expect((wrongStream as Error).message).toMatch(/expected stream does not match/);
      await expect(pipeline.publish("nowhere.at.all", data, withId("x2"))).rejects.toThrow(/no responders/);
      expect((await jsm.streams.info("PIPE")).state.messages).toBe(500);
    } finally {
      pipeline.close();
    }
  });

  it("fails what is still waiting when closed, so nothing hangs", async () => {
    const { nc } = suite();
    const pipeline = new PubAckPipeline(nc);
    // A subject some plain subscriber answers slowly: no PubAck comes before close.
    const sub = nc.subscribe("slow.answer", { callback: () => {} });
    const waiting = pipeline.publish("slow.answer", data, withId("s1"));
    pipeline.close();
    await expect(waiting).rejects.toThrow(/no PubAck: pipeline closed/);
    sub.unsubscribe();
  });

  it("times out a publish nobody answers", async () => {
    const { nc } = suite();
    const pipeline = new PubAckPipeline(nc, 200);
    const sub = nc.subscribe("silent.answer", { callback: () => {} });
    await expect(pipeline.publish("silent.answer", data, withId("t1"))).rejects.toThrow(
      /timeout: no PubAck within 200 ms/,
    );
    pipeline.close();
    sub.unsubscribe();
  });
});
