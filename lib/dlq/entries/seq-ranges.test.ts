import { describe, expect, it } from "vitest";
import { countRanges, rangesIntersect, sliceRanges, toRanges } from "./seq-ranges";

describe("seq ranges", () => {
  it("compresses, counts and slices", () => {
    const r = toRanges([5, 1, 2, 3, 9, 10, 3]);
    expect(r).toEqual([
      [1, 3],
      [5, 5],
      [9, 10],
    ]);
    expect(countRanges(r)).toBe(6);
    expect(sliceRanges(r, 0, 2)).toEqual([1, 2]);
    expect(sliceRanges(r, 2, 3)).toEqual([3, 5, 9]);
    expect(sliceRanges(r, 5, 10)).toEqual([10]);
    expect(sliceRanges(r, 6, 10)).toEqual([]);
  });

  it("detects overlap", () => {
    expect(rangesIntersect([[1, 3]], [[3, 4]])).toBe(true);
    expect(
      rangesIntersect(
        [
          [1, 3],
          [10, 12],
        ],
        [
          [4, 9],
          [13, 20],
        ],
      ),
    ).toBe(false);
    expect(
      rangesIntersect(
        [
          [1, 3],
          [10, 12],
        ],
        [
          [4, 9],
          [12, 20],
        ],
      ),
    ).toBe(true);
  });

  it("keeps 100,000 contiguous seqs as one range", () => {
    expect(toRanges(Array.from({ length: 100_000 }, (_, i) => i + 1))).toEqual([[1, 100_000]]);
  });
});
