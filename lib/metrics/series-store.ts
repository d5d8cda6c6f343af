// Bounded in-memory time series with rollups: exact raw samples (last value per slot) for 15 minutes, then
// 30-second, 5-minute, 10-minute and 1-hour buckets keeping min/max/mean so spikes survive; an empty bucket is a gap,
// never a zero.
import {
  BLOCK,
  BucketRing,
  type Gathered,
  RawBlock,
  RollupBlock,
  type Slot,
  type TierBlock,
} from "./tier-blocks";

export type TierName = "raw" | "30s" | "5m" | "10m" | "1h";
/**
 * `source`: "samples" when the tier adds up every sample itself; "finer" when its buckets are built from the tier
 * before it, so it stores only the buckets older than that tier keeps (see SeriesStore).
 */
type TierSpec = { name: TierName; widthMs: number; slots: number; source: "samples" | "finer" };

/** `last`: the slot's last sample in the raw tier, the bucket's mean in the rollup tiers. */
export type Bucket = { t: number; min: number; max: number; avg: number; last: number };
export type SeriesPoint = Bucket | { t: number; gap: true };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * One tier per chart range (lib/dto/series.ts RANGES): raw for 15 min (the health rules' windows read it exactly),
 * 30 s for 1 h, 5 min for 6 h, 10 min for 24 h, 1 h for 7 d.
 */
export function defaultTiers(pollIntervalMs: number): TierSpec[] {
  // Raw slots never narrower than 5 s, so a 1 s poll interval does not multiply memory.
  const rawWidth = Math.max(pollIntervalMs, 5000);
  // At least two raw slots per bucket, so a slow poll interval still gives the 1 h chart a band, not single samples.
  const shortWidth = Math.max(30_000, 2 * rawWidth);
  // The raw tier keeps every sample only when polls are at least a slot apart; faster polls would lose the samples
  // a slot overwrote (and spikes with them) if the 30 s buckets were built from it, so they take every sample.
  const everySampleInRaw = pollIntervalMs >= rawWidth;
  return [
    { name: "raw", widthMs: rawWidth, slots: Math.ceil((15 * MINUTE) / rawWidth), source: "samples" },
    {
      name: "30s",
      widthMs: shortWidth,
      slots: Math.ceil(HOUR / shortWidth),
      source: everySampleInRaw ? "finer" : "samples",
    },
    { name: "5m", widthMs: 5 * MINUTE, slots: 72, source: "finer" },
    // 144 points for the 24 h chart: 5-minute buckets for a whole day cost 1.4 KB per series, 10-minute ones 0.5 KB.
    { name: "10m", widthMs: 10 * MINUTE, slots: 144, source: "finer" },
    { name: "1h", widthMs: HOUR, slots: 168, source: "finer" },
  ];
}

/**
 * How many buckets a tier built from its finer tier must store: those of its span older than the finer tier's
 * span (rounded so the stored run always fits, see `storedThrough`).
 */
function storedSlots(tier: TierSpec, finer: TierSpec): number {
  if (tier.source === "samples") return tier.slots;
  return tier.slots - Math.floor((finer.widthMs * (finer.slots - 1)) / tier.widthMs) + 1;
}

/**
 * Series are stored in blocks of BLOCK series, one TierBlock per tier per block (lib/metrics/tier-blocks.ts),
 * slot-major. Blocks keep the per-series overhead at a Map entry and an index (no buffer, view or object per
 * series). Per series at a 5 s poll: 15 min of raw Float32 (720 B), then 5 B per stored rollup bucket (min and max
 * as 16-bit codes, lib/metrics/value-code.ts, and the mean's 8-bit position between them): 92 of 30 s, 62 of
 * 5 min, 110 of 10 min, 146 of 1 h — ≈ 2.8 KB with 7 days kept, where Float32 min/max/sum plus a count for every
 * bucket and a raw hour took 9.3 KB (docs/decisions.md, "Compact history").
 */
function allocateBlock(tiers: TierSpec[], slots: number[]): TierBlock[] {
  return tiers.map((t, i) =>
    t.name === "raw"
      ? new RawBlock(slots[i]!)
      : t.source === "samples"
        ? new RollupBlock(slots[i]!)
        : new BucketRing(slots[i]!),
  );
}

const emptyGathered = (): Gathered => resetGathered({ min: 0, max: 0, means: 0, n: 0 });

function resetGathered(g: Gathered): Gathered {
  g.min = Number.POSITIVE_INFINITY;
  g.max = Number.NEGATIVE_INFINITY;
  g.means = 0;
  g.n = 0;
  return g;
}

export type AggregatedBucket = {
  epoch: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
};

/**
 * A tier built from its finer tier ("finer" source) never duplicates it: while a bucket's whole span is still in
 * the finer tier, reading it aggregates the finer buckets (min of mins, max of maxes, mean of means); when the finer
 * tier is about to forget the first of them, the bucket is built once and stored, quantised. So the 5-minute tier
 * stores 6 h minus the hour the 30 s tier holds, the 10-minute one 24 h minus those 6 h, the hourly one 7 d minus
 * the 24 h of the 10-minute one.
 */
export class SeriesStore {
  /** Series key → index; index → block (index / BLOCK) and column (index % BLOCK). */
  private readonly index = new Map<string, number>();
  private readonly lastWrite: number[] = [];
  private readonly free: number[] = [];
  private readonly blocks: TierBlock[][] = [];
  private readonly epochs: number[];
  /** Physical slots per tier; for a tier built from its finer one, fewer than its span. */
  private readonly slots: number[];
  /** Per stored slot of a tier built from its finer one, the epoch it holds (shared by every series). */
  private readonly slotEpochs: Float64Array[];
  /** One record per tier for building its buckets from the finer tier without allocating. */
  private readonly scratch: Gathered[];

  constructor(readonly tiers: TierSpec[]) {
    this.epochs = tiers.map(() => Number.NEGATIVE_INFINITY);
    this.slots = tiers.map((t, i) => (i === 0 ? t.slots : storedSlots(t, tiers[i - 1]!)));
    this.slotEpochs = this.slots.map((n) => new Float64Array(n).fill(Number.NEGATIVE_INFINITY));
    this.scratch = tiers.map(() => emptyGathered());
  }

  get size(): number {
    return this.index.size;
  }

  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /**
   * Records one poll's samples at time t (ms): values[i] for keys[i]. Series without a value get a gap for
   * this slot. A rollup tier adds every sample to its current (open) bucket, also one timed before it (a clock
   * stepped back): closed buckets are quantised and never reopened.
   */
  record(t: number, keys: readonly string[], values: ArrayLike<number | null>): void {
    this.advance(t);
    const slots = this.tiers.map((spec, i) => Math.floor(t / spec.widthMs) % this.slots[i]!);
    for (let k = 0; k < keys.length; k++) {
      const value = values[k];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const id = this.seriesFor(keys[k]!);
      this.lastWrite[id] = t;
      const block = this.blocks[(id / BLOCK) | 0]!;
      const column = id % BLOCK;
      for (let i = 0; i < slots.length; i++) block[i]!.record(slots[i]!, column, value);
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
    if (spec.source === "finer") {
      // The finer tier holds (and restores) what is newer.
      if (bucket.epoch > this.storedThrough(i)) return;
      const slot = this.claimStoredSlot(i, bucket.epoch);
      if (slot !== null) this.blocks[(id / BLOCK) | 0]![i]!.write(slot, id % BLOCK, bucket, false);
      return;
    }
    const open = bucket.epoch === this.epochs[i];
    this.blocks[(id / BLOCK) | 0]![i]!.write(bucket.epoch % spec.slots, id % BLOCK, bucket, open);
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
    // readSlot returns a fresh record: it becomes the answer (no copy per series when persistence reads them all).
    const found = this.readSlot(i, id, epoch) as AggregatedBucket | undefined;
    if (found) found.epoch = epoch;
    return found;
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
    if (spec.source === "samples")
      return tier.read(epoch % spec.slots, id % BLOCK, epoch === this.epochs[tierIndex]);
    if (epoch > this.storedThrough(tierIndex)) return this.fromFiner(tierIndex, id, epoch);
    const slot = epoch % this.slots[tierIndex]!;
    return this.slotEpochs[tierIndex]![slot] === epoch ? tier.read(slot, id % BLOCK, false) : undefined;
  }

  /** Bucket `epoch` of tier i from the buckets of tier i - 1 it spans, as far as that tier still has them. */
  private fromFiner(i: number, id: number, epoch: number): Slot | undefined {
    const parts = this.gatherFiner(i, id, epoch, emptyGathered());
    if (parts.n === 0) return undefined;
    const mean = Math.min(Math.max(parts.means / parts.n, parts.min), parts.max);
    return { min: parts.min, max: parts.max, sum: mean, count: 1, last: mean };
  }

  /** Adds bucket `epoch` of tier i to `into`, as stored or built from tier i - 1 (one scratch record per tier). */
  private gather(i: number, id: number, epoch: number, into: Gathered): void {
    const spec = this.tiers[i]!;
    const tier = this.blocks[(id / BLOCK) | 0]![i]!;
    if (spec.source === "samples")
      return tier.gatherInto(epoch % spec.slots, id % BLOCK, epoch === this.epochs[i], into);
    if (epoch <= this.storedThrough(i)) {
      const slot = epoch % this.slots[i]!;
      if (this.slotEpochs[i]![slot] === epoch) tier.gatherInto(slot, id % BLOCK, false, into);
      return;
    }
    const parts = this.gatherFiner(i, id, epoch, resetGathered(this.scratch[i]!));
    if (parts.n === 0) return;
    if (parts.min < into.min) into.min = parts.min;
    if (parts.max > into.max) into.max = parts.max;
    into.means += Math.min(Math.max(parts.means / parts.n, parts.min), parts.max);
    into.n++;
  }

  /** Gathers the buckets of tier i - 1 that bucket `epoch` of tier i spans, as far as tier i - 1 still has them. */
  private gatherFiner(i: number, id: number, epoch: number, into: Gathered): Gathered {
    const spec = this.tiers[i]!;
    const finer = this.tiers[i - 1]!;
    const first = Math.max(
      Math.ceil((epoch * spec.widthMs) / finer.widthMs),
      this.epochs[i - 1]! - finer.slots + 1,
    );
    const last = Math.min(Math.ceil(((epoch + 1) * spec.widthMs) / finer.widthMs) - 1, this.epochs[i - 1]!);
    for (let e = first; e <= last; e++) this.gather(i - 1, id, e, into);
    return into;
  }

  /**
   * The newest epoch of tier i (built from tier i - 1) that is stored: every bucket that starts before the finer
   * tier's oldest. Before the finer tier has any, everything is stored (a restore ahead of the first poll).
   */
  private storedThrough(i: number): number {
    const finer = this.tiers[i - 1]!;
    const finerEpoch = this.epochs[i - 1]!;
    if (!Number.isFinite(finerEpoch)) return this.epochs[i]!;
    return Math.ceil(((finerEpoch - finer.slots + 1) * finer.widthMs) / this.tiers[i]!.widthMs) - 1;
  }

  /**
   * The stored slot for `epoch` of tier i, emptied for every series when it held an older epoch; null when it holds
   * a newer one (the older epoch is gone from the ring).
   */
  private claimStoredSlot(i: number, epoch: number): number | null {
    const slot = epoch % this.slots[i]!;
    const held = this.slotEpochs[i]![slot]!;
    if (held > epoch) return null;
    if (held < epoch) {
      for (const block of this.blocks) block[i]!.clear(slot);
      this.slotEpochs[i]![slot] = epoch;
    }
    return slot;
  }

  /** Stores the buckets of tier i that the finer tier's move from `before` to `after` (its oldest epochs) exposes. */
  private storeFromFiner(i: number, before: number, after: number): void {
    const spec = this.tiers[i]!;
    const from = Math.max(before + 1, after - this.slots[i]! + 1, this.epochs[i]! - spec.slots + 1);
    for (let epoch = from; epoch <= after; epoch++) {
      const slot = this.claimStoredSlot(i, epoch);
      if (slot === null) continue;
      this.blocks.forEach((block, b) => {
        const columns = Math.min(BLOCK, this.lastWrite.length - b * BLOCK);
        for (let column = 0; column < columns; column++) {
          const bucket = this.fromFiner(i, b * BLOCK + column, epoch);
          if (bucket) block[i]!.write(slot, column, bucket, false);
        }
      });
    }
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
      if (id % BLOCK === 0) this.blocks.push(allocateBlock(this.tiers, this.slots));
    } else {
      this.clearSeries(id);
      this.lastWrite[id] = 0;
    }
    this.index.set(key, id);
    return id;
  }

  /** Empties every slot of a reused series index so a new series never inherits a pruned one's data. */
  private clearSeries(id: number): void {
    for (const tier of this.blocks[(id / BLOCK) | 0]!) tier.clearColumn(id % BLOCK);
  }

  /**
   * Coarsest tier first: a tier built from a finer one stores what the finer one is about to forget while the
   * finer one still has it (and its own finer one too, after a pause longer than a finer tier's span).
   */
  private advance(t: number): void {
    for (let i = this.tiers.length - 1; i >= 0; i--) {
      const epoch = Math.floor(t / this.tiers[i]!.widthMs);
      if (epoch > this.epochs[i]!) this.advanceTier(i, epoch);
    }
  }

  /**
   * Moves a tier to a new current bucket. A tier taking samples closes its open bucket into its slot (quantised in
   * a rollup tier) unless the jump leaves it behind, and clears every bucket skipped so old data never reappears.
   * A coarser tier built from this one first stores the buckets this one is about to forget.
   */
  private advanceTier(i: number, epoch: number): void {
    const spec = this.tiers[i]!;
    const coarser = this.tiers[i + 1];
    if (coarser?.source === "finer") {
      const before = this.storedThrough(i + 1);
      const previous = this.epochs[i]!;
      this.epochs[i] = epoch;
      const after = this.storedThrough(i + 1);
      this.epochs[i] = previous;
      if (after > before && Number.isFinite(previous)) this.storeFromFiner(i + 1, before, after);
    }
    if (spec.source === "samples") {
      const previous = this.epochs[i]!;
      const from = Math.max(previous + 1, epoch - spec.slots + 1);
      const closing =
        Number.isFinite(previous) && previous > epoch - spec.slots ? previous % spec.slots : null;
      for (const block of this.blocks) {
        const tier = block[i]!;
        tier.close(closing);
        for (let e = from; e <= epoch; e++) tier.clear(e % spec.slots);
      }
    }
    this.epochs[i] = epoch;
  }
}
