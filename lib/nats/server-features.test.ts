import { describe, expect, it } from "vitest";
import { featuresFor, parseVersion } from "./server-features";

describe("featuresFor", () => {
  it("parses versions", () => {
    expect(parseVersion("2.9.10")).toEqual([2, 9, 10]);
    expect(parseVersion("v2.10.22-beta")).toEqual([2, 10, 22]);
    expect(parseVersion("garbage")).toBeUndefined();
  });

  it("derives features from the reported version", () => {
    expect(featuresFor("2.9.10")).toEqual({
      directGet: true,
      multipleFilters: false,
      consumerPause: false,
      maxDeliveriesAtAckWait: false,
    });
    expect(featuresFor("2.10.22")).toMatchObject({
      multipleFilters: true,
      maxDeliveriesAtAckWait: true,
      consumerPause: false,
    });
    expect(featuresFor("2.11.0")).toMatchObject({ consumerPause: true });
    expect(featuresFor("2.8.4").directGet).toBe(false);
  });
});
