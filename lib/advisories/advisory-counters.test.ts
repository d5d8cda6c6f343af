import { describe, expect, it } from "vitest";
import { parseAdvisory } from "./advisory";
import { AdvisoryCounters } from "./advisory-counters";

const adv = (type: string, consumer = "c") =>
  parseAdvisory(
    JSON.stringify({
      type: `io.nats.jetstream.advisory.v1.${type}`,
      id: "x",
      timestamp: "2026-11-26T12:00:00Z",
      stream: "W",
      consumer,
      stream_seq: 1,
      deliveries: 1,
    }),
  )!;

describe("AdvisoryCounters", () => {
  it("counts each kind per stream/consumer", () => {
    const counters = new AdvisoryCounters();
    for (const a of [adv("nak"), adv("nak"), adv("max_deliver"), adv("terminated"), adv("nak", "d")])
      counters.add(a);
    expect(counters.snapshot().get("W/c")).toEqual({ naked: 2, maxDeliveries: 1, terminated: 1 });
    expect(counters.snapshot().get("W/d")).toEqual({ naked: 1, maxDeliveries: 0, terminated: 0 });
  });

  it("remembers which sequences reached max deliveries, per consumer", () => {
    const counters = new AdvisoryCounters();
    counters.add(adv("max_deliver"));
    counters.add(adv("nak", "d"));
    expect(counters.isMaxDelivered("W", "c", 1)).toBe(true);
    expect(counters.isMaxDelivered("W", "d", 1)).toBe(false);
    expect(counters.isMaxDelivered("W", "c", 2)).toBe(false);
  });
});
