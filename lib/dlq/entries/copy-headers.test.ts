import { describe, expect, it } from "vitest";
import { headers } from "@nats-io/transport-node";
import { DLQ_HEADERS, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { deadLetterHeaders, redriveHeaders } from "./copy-headers";

const origin = {
  stream: "W",
  subject: "tools.execute.x",
  seq: 7,
  consumer: "c",
  deliveries: 5,
  reason: "max_deliveries",
  time: "2026-11-26T12:00:00.000Z",
};

describe("deadLetterHeaders", () => {
  it("keeps application headers, drops Nats-*, adds the origin", () => {
    const h = headers();
    h.set("Nats-Msg-Id", "m1");
    h.set("Nats-Expected-Stream", "W");
    h.set("Nats-Rollup", "sub");
    h.set("Nats-TTL", "5s");
    h.set("Conversation-Id", "conv-1");
    h.append("Multi", "a");
    h.append("Multi", "b");
    const out = deadLetterHeaders(h, origin);
    expect([...out].map(([k]) => k.toLowerCase()).filter((k) => k.startsWith("nats-"))).toEqual([]);
    expect(out.get("Conversation-Id")).toBe("conv-1");
    expect(out.values("Multi")).toEqual(["a", "b"]);
    expect(out.get(DLQ_HEADERS.seq)).toBe("7");
    expect(out.get(DLQ_HEADERS.payloadLost)).toBe("");
  });

  it("replaces stale origin headers and keeps the redrive count", () => {
    const h = headers();
    h.set(DLQ_HEADERS.stream, "OLD");
    h.set(REDRIVE_HEADERS.count, "2");
    const out = deadLetterHeaders(h, { ...origin, payloadLost: true });
    expect(out.values(DLQ_HEADERS.stream)).toEqual(["W"]);
    expect(out.get(REDRIVE_HEADERS.count)).toBe("2");
    expect(out.get(DLQ_HEADERS.payloadLost)).toBe("true");
  });
});

describe("redriveHeaders", () => {
  it("drops origin headers and increments the count", () => {
    const entry = deadLetterHeaders(undefined, origin);
    const first = redriveHeaders(entry, "job1");
    expect(first.get(DLQ_HEADERS.stream)).toBe("");
    expect(first.get(REDRIVE_HEADERS.count)).toBe("1");
    expect(first.get(REDRIVE_HEADERS.job)).toBe("job1");
    const again = redriveHeaders(deadLetterHeaders(first, origin), "job2");
    expect(again.get(REDRIVE_HEADERS.count)).toBe("2");
  });
});
