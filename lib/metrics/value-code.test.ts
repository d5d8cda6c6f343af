import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue, EXACT_INTEGERS, GAP_CODE } from "./value-code";

const roundTrip = (x: number) => decodeValue(encodeValue(x));
const relativeError = (x: number) => Math.abs(roundTrip(x) - x) / Math.abs(x);

describe("value codes", () => {
  it("keep zero and every integer up to 2047 exactly, and code 0 is the gap", () => {
    for (let n = 0; n <= EXACT_INTEGERS; n++) expect(roundTrip(n)).toBe(n);
    expect(Object.is(roundTrip(-0), 0)).toBe(true);
    expect(encodeValue(Number.NaN)).toBe(GAP_CODE);
    expect(decodeValue(GAP_CODE)).toBeNaN();
  });

  it("keep positive values from 1e-6 to 1e15 within 0.05 %, negative ones within 0.17 %", () => {
    let positive = 0;
    let negative = 0;
    for (let exponent = -6; exponent <= 15; exponent += 0.0007) {
      positive = Math.max(positive, relativeError(10 ** exponent));
      negative = Math.max(negative, relativeError(-(10 ** exponent)));
    }
    expect(positive).toBeLessThanOrEqual(0.0005);
    expect(negative).toBeLessThanOrEqual(0.0017);
    for (const x of [0.5, 1.25, 2047.5, 2048, 123_456_789, 0.000_003])
      expect(relativeError(x)).toBeLessThan(0.0005);
    expect(roundTrip(-1)).toBeCloseTo(-1, 2);
  });

  it("saturate beyond the range instead of failing", () => {
    expect(roundTrip(1e300)).toBeCloseTo(1e15, -13);
    expect(roundTrip(Number.POSITIVE_INFINITY)).toBe(roundTrip(1e300));
    expect(roundTrip(Number.NEGATIVE_INFINITY)).toBeLessThan(-9.9e14);
    expect(roundTrip(1e-9)).toBe(0);
  });

  it("are monotonic, so min ≤ mean ≤ max survives and decoding then encoding again changes nothing", () => {
    let previous = encodeValue(-1e16);
    const broken: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = Math.sinh((i - 100_000) / 2500) * 3; // dense around zero and the exact integers, sparse far out
      const code = encodeValue(x);
      if (code < previous || encodeValue(decodeValue(code)) !== code) broken.push(x);
      previous = code;
    }
    expect(broken).toEqual([]);
    for (const [min, mean, max] of [
      [7, 7.0001, 7.0002],
      [2047, 2047.4, 2048],
      [1e6, 1e6 + 1, 1e6 + 2],
    ] as const) {
      expect(roundTrip(min)).toBeLessThanOrEqual(roundTrip(mean));
      expect(roundTrip(mean)).toBeLessThanOrEqual(roundTrip(max));
    }
  });
});
