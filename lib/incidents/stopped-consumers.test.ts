import { describe, expect, it } from "vitest";
import type { ConsumerSummary, StreamSummary } from "@/lib/dto/overview";
import { stoppedConsumers } from "./service";

const AT = Date.parse("2026-01-01T00:01:00Z");

function overview(c: Partial<ConsumerSummary>) {
  const consumer = {
    name: "w",
    backlog: 5,
    idleSeconds: 20,
    lastActive: new Date(AT - 20_000).toISOString(),
    oldestUnprocessedAgeSeconds: null,
    ...c,
  } as ConsumerSummary;
  const stream = { name: "S", consumers: [consumer] } as unknown as StreamSummary;
  return {
    findings: [],
    streams: [stream],
    poll: { intervalMs: 2000, polledAt: new Date(AT).toISOString() },
  };
}

describe("stoppedConsumers", () => {
  it("dates an outage from the last delivery, or from the oldest waiting message when that came later", () => {
    expect(stoppedConsumers(overview({})).get("consumer:S/w")).toBe(AT - 20_000);
    // A quiet consumer: last delivery 20 s ago, but the first message nobody took arrived 12 s ago.
    expect(stoppedConsumers(overview({ oldestUnprocessedAgeSeconds: 12 })).get("consumer:S/w")).toBe(
      AT - 12_000,
    );
    // An unacked in-flight message older than the last delivery does not move it earlier.
    expect(stoppedConsumers(overview({ oldestUnprocessedAgeSeconds: 40 })).get("consumer:S/w")).toBe(
      AT - 20_000,
    );
  });

  it("ignores consumers that delivered within two polls or have no backlog", () => {
    expect(stoppedConsumers(overview({ idleSeconds: 3 })).size).toBe(0);
    expect(stoppedConsumers(overview({ backlog: 0 })).size).toBe(0);
  });
});
