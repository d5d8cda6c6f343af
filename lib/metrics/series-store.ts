// Bounded in-memory time series with rollups: raw samples (last value per slot) for an hour, then 5-minute and
// 1-hour buckets keeping min/max/avg so spikes survive; an empty bucket is a gap, never a zero.

export type TierName = "raw" | "5m" | "1h";
type TierSpec = { name: TierName; widthMs: number; slots: number };

/** `last`: the slot's last sample in the raw tier, the bucket's mean in the rollup tiers. */
export type Bucket = { t: number; min: number; max: number; avg: number; last: number };
export type SeriesPoint = Bucket | { t: number; gap: true };

const HOUR = 3_600_000;

export function defaultTiers(pollIntervalMs: number): TierSpec[] {
  // Raw slots never narrower than 5 s, so a 1 s poll interval does not multiply memory.
  const rawWidth = Math.max(pollIntervalMs, 5000);
  return [
    { name: "raw", widthMs: rawWidth, slots: Math.ceil(HOUR / rawWidth) },
    { name: "5m", widthMs: 5 * 60_000, slots: 288 },
    { name: "1h", widthMs: 60 * 60_000, slots: 168 },
  ];
}

/**
 * Series are stored in blocks of BLOCK series, one typed array per tier per block, slot-major: the values of one
 * slot for all series of a block are adjacent. A poll writes every series at the same slot, so it writes memory in
 * order, and a tier advancing clears one contiguous run per block. Blocks keep the per-series overhead at a Map
 * entry and an index (no buffer, view or object per series).
 * The raw tier keeps the last sample per slot (NaN = gap); rollup tiers keep min, max, sum (interleaved) plus a
 * sample count (0 = gap). A rollup bucket's `last` reads as its mean: charts show mean, min and max, and the
 * exact last sample of the past hour is in the raw tier (keeping it too would cost 20 MB at 2,000 consumers).
 */
const BLOCK = 256;
const MIN = 0;
const MAX = 1;
const SUM = 2;
const ROLLUP_FIELDS = 3;

type TierBlock = { raw: Float32Array; values: Float32Array; count: Uint16Array };

function allocateBlock(tiers: TierSpec[]): TierBlock[] {
  return tiers.map((t) =>
    t.name === "raw"
      ? {
          raw: new Float32Array(t.slots * BLOCK).fill(Number.NaN),
          values: new Float32Array(0),
          count: new Uint16Array(0),
        }
      : {
          raw: new Float32Array(0),
          values: new Float32Array(t.slots * BLOCK * ROLLUP_FIELDS),
          count: new Uint16Array(t.slots * BLOCK),
        },
  );
}

export type AggregatedBucket = {
  epoch: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
};

type Slot = { min: number; max: number; sum: number; count: number; last: number };

export class SeriesStore {
  /** Series key → index; index → block (index / BLOCK) and column (index % BLOCK). */
  private readonly index = new Map<string, number>();
  private readonly lastWrite: number[] = [];
  private readonly free: number[] = [];
  private readonly blocks: TierBlock[][] = [];
  private readonly epochs: number[];

  constructor(readonly tiers: TierSpec[]) {
    this.epochs = tiers.map(() => Number.NEGATIVE_INFINITY);
  }

  get size(): number {
    return this.index.size;
  }

  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /**
   * Records one poll's samples at time t (ms): values[i] for keys[i]. Series without a value get a gap for
   * this slot.
   */
  record(t: number, keys: readonly string[], values: ArrayLike<number | null>): void {
    this.advance(t);
    const slots = this.tiers.map((spec) => Math.floor(t / spec.widthMs) % spec.slots);
    for (let k = 0; k < keys.length; k++) {
      const value = values[k];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const id = this.seriesFor(keys[k]!);
      this.lastWrite[id] = t;
      const block = this.blocks[(id / BLOCK) | 0]!;
      const column = id % BLOCK;
      for (let i = 0; i < slots.length; i++) this.add(block[i]!, slots[i]! * BLOCK + column, value);
    }
  }

  /** Loads one persisted aggregated bucket (restoring history after a restart). */
  restore(tierName: TierName, key: string, bucket: AggregatedBucket): void {
    const i = this.tiers.findIndex((t) => t.name === tierName);
    if (i < 0 || bucket.count <= 0) return;
    const spec = this.tiers[i]!;
    if (bucket.epoch > this.epochs[i]!) this.advanceTier(i, bucket.epoch);
    if (bucket.epoch <= this.epochs[i]! - spec.slots) return;
    const id = this.seriesFor(key);
    this.lastWrite[id] = Math.max(this.lastWrite[id]!, bucket.epoch * spec.widthMs);
    const tier = this.blocks[(id / BLOCK) | 0]![i]!;
    const cell = (bucket.epoch % spec.slots) * BLOCK + (id % BLOCK);
    if (spec.name === "raw") {
      tier.raw[cell] = bucket.last;
      return;
    }
    const at = cell * ROLLUP_FIELDS;
    tier.values[at + MIN] = bucket.min;
    tier.values[at + MAX] = bucket.max;
    tier.values[at + SUM] = bucket.sum;
    tier.count[cell] = Math.min(bucket.count, 65_535);
  }

  /** The closed or open bucket `epoch` of one series in a tier, for persistence; undefined when empty. */
  bucket(tierName: TierName, key: string, epoch: number): AggregatedBucket | undefined {
    const i = this.tiers.findIndex((t) => t.name === tierName);
    const id = this.index.get(key);
    if (
      i < 0 ||
      id === undefined ||
      epoch > this.epochs[i]! ||
      epoch <= this.epochs[i]! - this.tiers[i]!.slots
    )
      return undefined;
    const found = this.readSlot(i, id, epoch);
    return found ? { epoch, ...found } : undefined;
  }

  /** Points from `from` to `to` (ms) in the finest tier that covers the range; gaps where nothing was recorded. */
  query(key: string, from: number, to: number): { tier: TierName; widthMs: number; points: SeriesPoint[] } {
    const i = this.tierFor(to - from);
    const spec = this.tiers[i]!;
    const id = this.index.get(key);
    const first = Math.max(Math.floor(from / spec.widthMs), this.epochs[i]! - spec.slots + 1);
    const lastEpoch = Math.min(Math.floor(to / spec.widthMs), this.epochs[i]!);
    const points: SeriesPoint[] = [];
    for (let e = first; e <= lastEpoch && Number.isFinite(e); e++) {
      const t = e * spec.widthMs;
      const found = id === undefined ? undefined : this.readSlot(i, id, e);
      points.push(
        found
          ? { t, min: found.min, max: found.max, avg: found.sum / found.count, last: found.last }
          : { t, gap: true },
      );
    }
    return { tier: spec.name, widthMs: spec.widthMs, points };
  }

  /** The value recorded in the finest tier that still covers time t (last sample of that bucket); null for a gap. */
  valueAt(key: string, t: number): number | null {
    const id = this.index.get(key);
    if (id === undefined) return null;
    for (let i = 0; i < this.tiers.length; i++) {
      const spec = this.tiers[i]!;
      const epoch = Math.floor(t / spec.widthMs);
      if (epoch > this.epochs[i]! || epoch <= this.epochs[i]! - spec.slots) continue;
      return this.readSlot(i, id, epoch)?.last ?? null;
    }
    return null;
  }

  /** Drops series not written for longer than the longest tier keeps (deleted streams and consumers). */
  prune(now: number): number {
    const longest = Math.max(...this.tiers.map((t) => t.widthMs * t.slots));
    let removed = 0;
    for (const [key, id] of this.index) {
      if (now - this.lastWrite[id]! > longest) {
        this.index.delete(key);
        this.free.push(id);
        removed++;
      }
    }
    return removed;
  }

  currentEpoch(tierName: TierName): number {
    return this.epochs[this.tiers.findIndex((t) => t.name === tierName)]!;
  }

  private readSlot(tierIndex: number, id: number, epoch: number): Slot | undefined {
    const spec = this.tiers[tierIndex]!;
    const tier = this.blocks[(id / BLOCK) | 0]![tierIndex]!;
    const cell = (epoch % spec.slots) * BLOCK + (id % BLOCK);
    if (spec.name === "raw") {
      const v = tier.raw[cell]!;
      return Number.isNaN(v) ? undefined : { min: v, max: v, sum: v, count: 1, last: v };
    }
    const count = tier.count[cell]!;
    if (count === 0) return undefined;
    const at = cell * ROLLUP_FIELDS;
    const sum = tier.values[at + SUM]!;
    return { min: tier.values[at + MIN]!, max: tier.values[at + MAX]!, sum, count, last: sum / count };
  }

  private tierFor(rangeMs: number): number {
    const i = this.tiers.findIndex((t) => t.widthMs * t.slots >= rangeMs);
    return i < 0 ? this.tiers.length - 1 : i;
  }

  private seriesFor(key: string): number {
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const reused = this.free.pop();
    const id = reused ?? this.lastWrite.length;
    if (reused === undefined) {
      this.lastWrite.push(0);
      if (id % BLOCK === 0) this.blocks.push(allocateBlock(this.tiers));
    } else {
      this.clearSeries(id);
      this.lastWrite[id] = 0;
    }
    this.index.set(key, id);
    return id;
  }

  /** Empties every slot of a reused series index so a new series never inherits a pruned one's data. */
  private clearSeries(id: number): void {
    const block = this.blocks[(id / BLOCK) | 0]!;
    const column = id % BLOCK;
    this.tiers.forEach((spec, i) => {
      for (let slot = 0; slot < spec.slots; slot++) {
        if (spec.name === "raw") block[i]!.raw[slot * BLOCK + column] = Number.NaN;
        else block[i]!.count[slot * BLOCK + column] = 0;
      }
    });
  }

  private add(tier: TierBlock, cell: number, value: number): void {
    if (tier.raw.length > 0) {
      tier.raw[cell] = value;
      return;
    }
    const at = cell * ROLLUP_FIELDS;
    const count = tier.count[cell]!;
    if (count === 0) {
      tier.values[at + MIN] = value;
      tier.values[at + MAX] = value;
      tier.values[at + SUM] = value;
    } else {
      if (value < tier.values[at + MIN]!) tier.values[at + MIN] = value;
      if (value > tier.values[at + MAX]!) tier.values[at + MAX] = value;
      tier.values[at + SUM] = tier.values[at + SUM]! + value;
    }
    if (count < 65_535) tier.count[cell] = count + 1;
  }

  private advance(t: number): void {
    this.tiers.forEach((spec, i) => {
      const epoch = Math.floor(t / spec.widthMs);
      if (epoch > this.epochs[i]!) this.advanceTier(i, epoch);
    });
  }

  /** Moves a tier to a new current bucket, clearing every bucket it skips so old data never reappears. */
  private advanceTier(i: number, epoch: number): void {
    const spec = this.tiers[i]!;
    const from = Math.max(this.epochs[i]! + 1, epoch - spec.slots + 1);
    for (const block of this.blocks) {
      const tier = block[i]!;
      for (let e = from; e <= epoch; e++) {
        const start = (e % spec.slots) * BLOCK;
        if (spec.name === "raw") tier.raw.fill(Number.NaN, start, start + BLOCK);
        else tier.count.fill(0, start, start + BLOCK);
      }
    }
    this.epochs[i] = epoch;
  }
}
