// A set of stream sequences as sorted inclusive ranges: a 100,000-entry redrive snapshot fits in one KV value.

export type SeqRanges = [number, number][];

export function toRanges(seqs: Iterable<number>): SeqRanges {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const ranges: SeqRanges = [];
  for (const seq of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && seq === last[1] + 1) last[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

export function countRanges(ranges: SeqRanges): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** The seqs at positions [from, from+count) of the set, in order. */
export function sliceRanges(ranges: SeqRanges, from: number, count: number): number[] {
  const out: number[] = [];
  let skip = from;
  for (const [a, b] of ranges) {
    const size = b - a + 1;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    for (let s = a + skip; s <= b && out.length < count; s++) out.push(s);
    skip = 0;
    if (out.length >= count) break;
  }
  return out;
}

export function rangesIntersect(x: SeqRanges, y: SeqRanges): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i]!;
    const [a2, b2] = y[j]!;
    if (a1 <= b2 && a2 <= b1) return true;
    if (b1 < b2) i++;
    else j++;
  }
  return false;
}
