// The storage of one history tier for one block of BLOCK series: exact raw samples, or quantised rollup buckets.
//
// Both are slot-major (the values of one slot for every series of the block are adjacent): a poll writes every
// series at the same slot, i.e. memory in order, and a tier advancing clears one contiguous run per block.
import { decodeValue, encodeValue, GAP_CODE } from "./value-code";

export const BLOCK = 256;

/** What a slot holds, in the shape persistence and charts read: `last` is the raw sample or the bucket's mean. */
export type Slot = { min: number; max: number; sum: number; count: number; last: number };

/** Bucket extremes and the sum of bucket means, gathered from a finer tier to build a coarser bucket. */
export type Gathered = { min: number; max: number; means: number; n: number };

/** Adds one bucket to `into`. */
function gather(into: Gathered, min: number, max: number, mean: number): void {
  if (min < into.min) into.min = min;
  if (max > into.max) into.max = max;
  into.means += mean;
  into.n++;
}

export interface TierBlock {
  /** Adds one sample: the raw tier keeps it in `slot`, a rollup tier in its open (current) bucket. */
  record(slot: number, column: number, value: number): void;
  /** `open`: the slot is the tier's current bucket (a rollup tier reads its exact accumulator then). */
  read(slot: number, column: number, open: boolean): Slot | undefined;
  write(slot: number, column: number, bucket: Slot, open: boolean): void;
  /** Adds the bucket to `into` unless it is a gap: `read` without allocating, for building coarser buckets. */
  gatherInto(slot: number, column: number, open: boolean, into: Gathered): void;
  /**
   * The tier moves past its current bucket: a rollup tier stores its open buckets in `slot`, quantised, or drops
   * them when the move leaves that bucket outside the tier (null).
   */
  close(slot: number | null): void;
  /** Turns `slot` into a gap for every series of the block. */
  clear(slot: number): void;
  /** Turns every slot of one series into a gap (its index is reused by another series). */
  clearColumn(column: number): void;
}

/** The last sample per slot, exact as Float32 (NaN = gap): the recent past the health rules compare against. */
export class RawBlock implements TierBlock {
  private readonly values: Float32Array;

  constructor(private readonly slots: number) {
    this.values = new Float32Array(slots * BLOCK).fill(Number.NaN);
  }

  record(slot: number, column: number, value: number): void {
    this.values[slot * BLOCK + column] = value;
  }

  read(slot: number, column: number): Slot | undefined {
    const v = this.values[slot * BLOCK + column]!;
    return Number.isNaN(v) ? undefined : { min: v, max: v, sum: v, count: 1, last: v };
  }

  write(slot: number, column: number, bucket: Slot): void {
    this.values[slot * BLOCK + column] = bucket.last;
  }

  gatherInto(slot: number, column: number, _open: boolean, into: Gathered): void {
    const v = this.values[slot * BLOCK + column]!;
    if (!Number.isNaN(v)) gather(into, v, v, v);
  }

  close(): void {}

  clear(slot: number): void {
    this.values.fill(Number.NaN, slot * BLOCK, (slot + 1) * BLOCK);
  }

  clearColumn(column: number): void {
    for (let slot = 0; slot < this.slots; slot++) this.values[slot * BLOCK + column] = Number.NaN;
  }
}

const MIN = 0;
const MAX = 1;
const CODES_PER_BUCKET = 2;
/** Steps of the mean's position between a bucket's min and max. */
const MEAN_STEPS = 255;

/**
 * Closed buckets in 5 B, with no sample count (nothing reads a closed bucket's count): min and max as 16-bit codes
 * (code 0 = gap, so new arrays need no fill) and the mean as an 8-bit position between them, so the mean is within
 * 1/510 of the bucket's min–max band (exact when min = max) and decoding keeps min ≤ mean ≤ max. On its own it is the
 * storage of a tier built from its finer tier (lib/metrics/series-store.ts), which takes no samples.
 */
export class BucketRing implements TierBlock {
  private readonly codes: Uint16Array;
  private readonly meanAt: Uint8Array;

  constructor(private readonly slots: number) {
    this.codes = new Uint16Array(slots * BLOCK * CODES_PER_BUCKET);
    this.meanAt = new Uint8Array(slots * BLOCK);
  }

  record(): void {}

  read(slot: number, column: number): Slot | undefined {
    const cell = slot * BLOCK + column;
    const at = cell * CODES_PER_BUCKET;
    if (this.codes[at + MIN] === GAP_CODE) return undefined;
    const min = decodeValue(this.codes[at + MIN]!);
    const max = decodeValue(this.codes[at + MAX]!);
    const mean = meanBetween(min, max, this.meanAt[cell]!);
    return { min, max, sum: mean, count: 1, last: mean };
  }

  write(slot: number, column: number, bucket: Slot): void {
    this.store(slot, column, bucket.min, bucket.max, bucket.sum / bucket.count);
  }

  gatherInto(slot: number, column: number, _open: boolean, into: Gathered): void {
    const cell = slot * BLOCK + column;
    const at = cell * CODES_PER_BUCKET;
    if (this.codes[at + MIN] === GAP_CODE) return;
    const min = decodeValue(this.codes[at + MIN]!);
    const max = decodeValue(this.codes[at + MAX]!);
    gather(into, min, max, meanBetween(min, max, this.meanAt[cell]!));
  }

  close(): void {}

  clear(slot: number): void {
    const width = BLOCK * CODES_PER_BUCKET;
    this.codes.fill(GAP_CODE, slot * width, (slot + 1) * width);
  }

  clearColumn(column: number): void {
    for (let slot = 0; slot < this.slots; slot++) this.clearCell(slot, column);
  }

  clearCell(slot: number, column: number): void {
    const at = (slot * BLOCK + column) * CODES_PER_BUCKET;
    this.codes.fill(GAP_CODE, at, at + CODES_PER_BUCKET);
  }

  store(slot: number, column: number, min: number, max: number, mean: number): void {
    const cell = slot * BLOCK + column;
    const at = cell * CODES_PER_BUCKET;
    this.codes[at + MIN] = encodeValue(min);
    this.codes[at + MAX] = encodeValue(max);
    this.meanAt[cell] = meanPosition(
      decodeValue(this.codes[at + MIN]!),
      decodeValue(this.codes[at + MAX]!),
      mean,
    );
  }
}

/** The mean's step between the decoded min and max (clamped: a persisted mean can sit a rounding outside them). */
function meanPosition(min: number, max: number, mean: number): number {
  if (!(max > min)) return 0;
  const at = Math.round(((mean - min) / (max - min)) * MEAN_STEPS);
  return Math.min(Math.max(at, 0), MEAN_STEPS);
}

function meanBetween(min: number, max: number, position: number): number {
  return position === 0 ? min : position === MEAN_STEPS ? max : min + ((max - min) * position) / MEAN_STEPS;
}

/**
 * A tier that takes samples: a ring of closed buckets plus the open bucket, accumulated exactly (Float64
 * min/max/sum and a count per series, 28 B) and quantised once, when it closes.
 */
export class RollupBlock implements TierBlock {
  private readonly closed: BucketRing;
  private readonly openMin = new Float64Array(BLOCK);
  private readonly openMax = new Float64Array(BLOCK);
  private readonly openSum = new Float64Array(BLOCK);
  private readonly openCount = new Uint32Array(BLOCK);

  constructor(slots: number) {
    this.closed = new BucketRing(slots);
  }

  record(_slot: number, column: number, value: number): void {
    if (this.openCount[column] === 0) {
      this.openMin[column] = value;
      this.openMax[column] = value;
      this.openSum[column] = value;
    } else {
      if (value < this.openMin[column]!) this.openMin[column] = value;
      if (value > this.openMax[column]!) this.openMax[column] = value;
      this.openSum[column] = this.openSum[column]! + value;
    }
    this.openCount[column] = this.openCount[column]! + 1;
  }

  read(slot: number, column: number, open: boolean): Slot | undefined {
    if (!open) return this.closed.read(slot, column);
    const count = this.openCount[column]!;
    if (count === 0) return undefined;
    const sum = this.openSum[column]!;
    return { min: this.openMin[column]!, max: this.openMax[column]!, sum, count, last: sum / count };
  }

  write(slot: number, column: number, bucket: Slot, open: boolean): void {
    if (!open) return this.closed.write(slot, column, bucket);
    this.openMin[column] = bucket.min;
    this.openMax[column] = bucket.max;
    this.openSum[column] = bucket.sum;
    this.openCount[column] = Math.max(1, Math.round(bucket.count));
  }

  gatherInto(slot: number, column: number, open: boolean, into: Gathered): void {
    if (!open) return this.closed.gatherInto(slot, column, false, into);
    const count = this.openCount[column]!;
    if (count > 0) gather(into, this.openMin[column]!, this.openMax[column]!, this.openSum[column]! / count);
  }

  close(slot: number | null): void {
    if (slot !== null)
      for (let column = 0; column < BLOCK; column++) {
        const count = this.openCount[column]!;
        if (count > 0)
          this.closed.store(
            slot,
            column,
            this.openMin[column]!,
            this.openMax[column]!,
            this.openSum[column]! / count,
          );
      }
    this.openCount.fill(0);
  }

  clear(slot: number): void {
    this.closed.clear(slot);
  }

  clearColumn(column: number): void {
    this.closed.clearColumn(column);
    this.openCount[column] = 0;
  }
}
