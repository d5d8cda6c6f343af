// Bounded in-memory time series with rollups: raw samples for an hour, then 5-minute and 1-hour
// buckets keeping min/max/avg/last so spikes survive; an empty bucket is a gap, never a zero.

export type TierName = "raw" | "5m" | "1h";
type TierSpec = { name: TierName; widthMs: number; slots: number };

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
 * One tier of one series. The raw tier keeps only the last sample per slot (NaN = gap); rollup tiers keep
 * min, max, sum, last (interleaved) plus a sample count. All views of a series share one ArrayBuffer.
 */
type TierData = { raw: true; last: Float32Array } | { raw: false; values: Float32Array; count: Uint16Array };

const MIN = 0;
const MAX = 1;
const SUM = 2;
const LAST = 3;

function allocateSeries(tiers: TierSpec[]): TierData[] {
  const bytes = tiers.reduce((n, t) => n + (t.name === "raw" ? t.slots * 4 : t.slots * 16 + t.slots * 2 + ((t.slots * 2) % 4)), 0);
  const buffer = new ArrayBuffer(bytes);
  let offset = 0;
  return tiers.map((t) => {
    if (t.name === "raw") {
      const last = new Float32Array(buffer, offset, t.slots).fill(Number.NaN);
      offset += t.slots * 4;
      return { raw: true, last };
    }
    const values = new Float32Array(buffer, offset, t.slots * 4);
    offset += t.slots * 16;
    const count = new Uint16Array(buffer, offset, t.slots);
    offset += t.slots * 2 + ((t.slots * 2) % 4);
    return { raw: false, values, count };
  });
}

function clearSlot(tier: TierData, slot: number): void {
  if (tier.raw) tier.last[slot] = Number.NaN;
  else tier.count[slot] = 0;
}

function readSlot(tier: TierData, slot: number): { min: number; max: number; sum: number; count: number; last: number } | undefined {
  if (tier.raw) {
    const v = tier.last[slot]!;
    return Number.isNaN(v) ? undefined : { min: v, max: v, sum: v, count: 1, last: v };
  }
  const count = tier.count[slot]!;
  if (count === 0) return undefined;
  const i = slot * 4;
  return { min: tier.values[i + MIN]!, max: tier.values[i + MAX]!, sum: tier.values[i + SUM]!, count, last: tier.values[i + LAST]! };
}

export type AggregatedBucket = { epoch: number; min: number; max: number; sum: number; count: number; last: number };

export class SeriesStore {
  private readonly series = new Map<string, { tiers: TierData[]; lastWrite: number }>();
  private readonly epochs: number[];

  constructor(readonly tiers: TierSpec[]) {
    this.epochs = tiers.map(() => Number.NEGATIVE_INFINITY);
  }

  get size(): number {
    return this.series.size;
  }

  keys(): IterableIterator<string> {
    return this.series.keys();
  }

  /** Records one poll's samples at time t (ms). Series absent from this call get a gap for this slot. */
  record(t: number, samples: Iterable<readonly [key: string, value: number | null]>): void {
    this.advance(t);
    const slots = this.tiers.map((spec) => Math.floor(t / spec.widthMs) % spec.slots);
    for (const [key, value] of samples) {
      if (value === null || !Number.isFinite(value)) continue;
      const entry = this.seriesFor(key);
      entry.lastWrite = t;
      for (let i = 0; i < slots.length; i++) this.add(entry.tiers[i]!, slots[i]!, value);
    }
  }

  /** Loads one persisted aggregated bucket (restoring history after a restart). */
  restore(tierName: TierName, key: string, bucket: AggregatedBucket): void {
    const i = this.tiers.findIndex((t) => t.name === tierName);
    if (i < 0 || bucket.count <= 0) return;
    const spec = this.tiers[i]!;
    if (bucket.epoch > this.epochs[i]!) this.advanceTier(i, bucket.epoch);
    if (bucket.epoch <= this.epochs[i]! - spec.slots) return;
    const entry = this.seriesFor(key);
    entry.lastWrite = Math.max(entry.lastWrite, bucket.epoch * spec.widthMs);
    const tier = entry.tiers[i]!;
    const slot = bucket.epoch % spec.slots;
    if (tier.raw) {
      tier.last[slot] = bucket.last;
      return;
    }
    const at = slot * 4;
    tier.values[at + MIN] = bucket.min;
    tier.values[at + MAX] = bucket.max;
    tier.values[at + SUM] = bucket.sum;
    tier.values[at + LAST] = bucket.last;
    tier.count[slot] = Math.min(bucket.count, 65_535);
  }

  /** The closed or open bucket `epoch` of one series in a tier, for persistence; undefined when empty. */
  bucket(tierName: TierName, key: string, epoch: number): AggregatedBucket | undefined {
    const i = this.tiers.findIndex((t) => t.name === tierName);
    const entry = this.series.get(key);
    if (i < 0 || !entry || epoch > this.epochs[i]! || epoch <= this.epochs[i]! - this.tiers[i]!.slots) return undefined;
    const found = readSlot(entry.tiers[i]!, epoch % this.tiers[i]!.slots);
    return found ? { epoch, ...found } : undefined;
  }

  /** Points from `from` to `to` (ms) in the finest tier that covers the range; gaps where nothing was recorded. */
  query(key: string, from: number, to: number): { tier: TierName; widthMs: number; points: SeriesPoint[] } {
    const i = this.tierFor(to - from);
    const spec = this.tiers[i]!;
    const tier = this.series.get(key)?.tiers[i];
    const first = Math.max(Math.floor(from / spec.widthMs), this.epochs[i]! - spec.slots + 1);
    const lastEpoch = Math.min(Math.floor(to / spec.widthMs), this.epochs[i]!);
    const points: SeriesPoint[] = [];
    for (let e = first; e <= lastEpoch && Number.isFinite(e); e++) {
      const t = e * spec.widthMs;
      const found = tier ? readSlot(tier, e % spec.slots) : undefined;
      points.push(found ? { t, min: found.min, max: found.max, avg: found.sum / found.count, last: found.last } : { t, gap: true });
    }
    return { tier: spec.name, widthMs: spec.widthMs, points };
  }

  /** The value recorded in the finest tier that still covers time t (last sample of that bucket); null for a gap. */
  valueAt(key: string, t: number): number | null {
    const entry = this.series.get(key);
    if (!entry) return null;
    for (let i = 0; i < this.tiers.length; i++) {
      const spec = this.tiers[i]!;
      const epoch = Math.floor(t / spec.widthMs);
      if (epoch > this.epochs[i]! || epoch <= this.epochs[i]! - spec.slots) continue;
      return readSlot(entry.tiers[i]!, epoch % spec.slots)?.last ?? null;
    }
    return null;
  }

  /** Drops series not written for longer than the longest tier keeps (deleted streams and consumers). */
  prune(now: number): number {
    const longest = Math.max(...this.tiers.map((t) => t.widthMs * t.slots));
    let removed = 0;
    for (const [key, entry] of this.series) {
      if (now - entry.lastWrite > longest) {
        this.series.delete(key);
        removed++;
      }
    }
    return removed;
  }

  currentEpoch(tierName: TierName): number {
    return this.epochs[this.tiers.findIndex((t) => t.name === tierName)]!;
  }

  private tierFor(rangeMs: number): number {
    const i = this.tiers.findIndex((t) => t.widthMs * t.slots >= rangeMs);
    return i < 0 ? this.tiers.length - 1 : i;
  }

  private seriesFor(key: string) {
    let entry = this.series.get(key);
    if (!entry) {
      entry = { tiers: allocateSeries(this.tiers), lastWrite: 0 };
      this.series.set(key, entry);
    }
    return entry;
  }

  private add(tier: TierData, slot: number, value: number): void {
    if (tier.raw) {
      tier.last[slot] = value;
      return;
    }
    const at = slot * 4;
    const count = tier.count[slot]!;
    if (count === 0) {
      tier.values[at + MIN] = value;
      tier.values[at + MAX] = value;
      tier.values[at + SUM] = value;
    } else {
      if (value < tier.values[at + MIN]!) tier.values[at + MIN] = value;
      if (value > tier.values[at + MAX]!) tier.values[at + MAX] = value;
      tier.values[at + SUM] = tier.values[at + SUM]! + value;
    }
    tier.values[at + LAST] = value;
    if (count < 65_535) tier.count[slot] = count + 1;
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
    for (const entry of this.series.values()) {
      for (let e = from; e <= epoch; e++) clearSlot(entry.tiers[i]!, e % spec.slots);
    }
    this.epochs[i] = epoch;
  }
}
