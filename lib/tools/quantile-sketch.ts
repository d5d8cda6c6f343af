// A DDSketch-style relative-error quantile sketch (Masson, Rim, Lee, VLDB 2019): log-spaced buckets, so any quantile
// it returns is within `relativeAccuracy` of the exact value at that rank; mergeable, fixed memory.

/** Values at or below this (ms) share one bucket: latencies under a microsecond are reported as 0. */
const MIN_VALUE = 0.001;
/** Values above this (ms, ≈ 28 h) are clamped into the top bucket. */
const MAX_VALUE = 1e8;

export class QuantileSketch {
  readonly gamma: number;
  private readonly logGamma: number;
  private readonly offset: number;
  /** counts[0] holds values ≤ MIN_VALUE; counts[i] the values with bucket index i - offset. */
  private counts: Uint32Array | null = null;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** 0.8 %: inside the 1 % target with room for the rank's rounding and float error. */
  constructor(readonly relativeAccuracy = 0.008) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.offset = -Math.ceil(Math.log(MIN_VALUE) / this.logGamma) + 1;
  }

  private get size(): number {
    return this.offset + Math.ceil(Math.log(MAX_VALUE) / this.logGamma) + 1;
  }

  private slot(value: number): number {
    if (!(value > MIN_VALUE)) return 0;
    const clamped = value > MAX_VALUE ? MAX_VALUE : value;
    return Math.ceil(Math.log(clamped) / this.logGamma) + this.offset;
  }

  add(value: number): void {
    // Buckets are allocated on first use: a tool that saw no call in a minute costs no buffer.
    this.counts ??= new Uint32Array(this.size);
    this.counts[this.slot(value)]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Adds every value of another sketch with the same accuracy. */
  merge(other: QuantileSketch): void {
    if (!other.counts || other.count === 0) return;
    this.counts ??= new Uint32Array(this.size);
    const from = other.counts;
    for (let i = 0; i < from.length; i++) if (from[i]) this.counts[i]! += from[i]!;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  clear(): void {
    this.counts?.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  /**
   * The value at rank ⌊q·(n−1)⌋ (0-based, of the sorted values), within the relative accuracy; null when empty.
   * The extremes (rank 0 and n−1) are the exact min and max seen; others are clamped to them.
   */
  quantile(q: number): number | null {
    if (this.count === 0 || !this.counts) return null;
    const rank = Math.floor(Math.min(1, Math.max(0, q)) * (this.count - 1));
    if (rank === 0) return this.min;
    if (rank === this.count - 1) return this.max;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen > rank) {
        if (i === 0) return Math.min(this.max, Math.max(this.min, 0));
        const index = i - this.offset;
        const estimate = (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
        return Math.min(this.max, Math.max(this.min, estimate));
      }
    }
    return this.max;
  }
}
