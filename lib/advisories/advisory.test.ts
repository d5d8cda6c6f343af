import { describe, expect, it } from "vitest";
import { advisoryKind, parseAdvisory } from "./advisory";

describe("parseAdvisory", () => {
  it("reads the three kinds nats-server 2.9 emits", () => {
    const nak = parseAdvisory(
      '{"type":"io.nats.jetstream.advisory.v1.nak","id":"x","timestamp":"2026-11-26T12:09:16.49Z","stream":"W","consumer":"c","consumer_seq":1,"stream_seq":1,"deliveries":1}',
    );
    expect(nak && advisoryKind(nak)).toBe("naked");
    const max = parseAdvisory(
      '{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"y","timestamp":"2026-11-26T12:09:16.49Z","stream":"W","consumer":"c","stream_seq":1,"deliveries":2}',
    );
    expect(max && advisoryKind(max)).toBe("max_deliveries");
  });

  it.each(["not json", "{}", '{"type":"io.nats.jetstream.advisory.v1.stream_action","stream":"W"}'])(
    "ignores %s",
    (body) => {
      expect(parseAdvisory(body)).toBeUndefined();
    },
  );
});
