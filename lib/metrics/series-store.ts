// Bounded in-memory time series with rollups: raw samples for an hour, then 5-minute and 30-minute
// buckets keeping min/max/avg/last so spikes survive; an empty bucket is a gap, never a zero.

export type TierName = "raw" | "5m" | "30m";
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
    { name: "30m", widthMs: 30 * 60_000, slots: 336 },
  ];
}

type TierData = { min: Float32Array; max: Float32Array; sum: Float32Array; last: Float32Array; count: Uint16Array };

function newTier(slots: number): TierData {
  return { min: new Float32Array(slots), max: new Float32Array(slots), sum: new Float32Array(slots), last: new Float32Array(slots), count: new Uint16Array(slots) };
}

function clearSlot(tier: TierData, slot: number): void {
  tier.count[slot] = 0;
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
    for (const [key, value] of samples) {
      if (value === null || !Number.isFinite(value)) continue;
      const entry = this.seriesFor(key);
      entry.lastWrite = t;
      this.tiers.forEach((spec, i) => this.add(entry.tiers[i]!, Math.floor(t / spec.widthMs) % spec.slots, value));
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
    tier.min[slot] = bucket.min;
    tier.max[slot] = bucket.max;
    tier.sum[slot] = bucket.sum;
    tier.last[slot] = bucket.last;
    tier.count[slot] = Math.min(bucket.count, 65_535);
  }

  /** The closed or open bucket `epoch` of one series in a tier, for persistence; undefined when empty. */
  bucket(tierName: TierName, key: string, epoch: number): AggregatedBucket | undefined {
    const i = this.tiers.findIndex((t) => t.name === tierName);
    const entry = this.series.get(key);
    if (i < 0 || !entry || epoch > this.epochs[i]! || epoch <= this.epochs[i]! - this.tiers[i]!.slots) return undefined;
    const tier = entry.tiers[i]!;
    const slot = epoch % this.tiers[i]!.slots;
    const count = tier.count[slot]!;
    if (count === 0) return undefined;
    return { epoch, min: tier.min[slot]!, max: tier.max[slot]!, sum: tier.sum[slot]!, count, last: tier.last[slot]! };
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
      const slot = e % spec.slots;
      const t = e * spec.widthMs;
      const count = tier?.count[slot] ?? 0;
      if (!tier || count === 0) points.push({ t, gap: true });
      else points.push({ t, min: tier.min[slot]!, max: tier.max[slot]!, avg: tier.sum[slot]! / count, last: tier.last[slot]! });
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
      const slot = epoch % spec.slots;
      const tier = entry.tiers[i]!;
      return tier.count[slot] ? tier.last[slot]! : null;
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
      entry = { tiers: this.tiers.map((t) => newTier(t.slots)), lastWrite: 0 };
      this.series.set(key, entry);
    }
    return entry;
  }

  private add(tier: TierData, slot: number, value: number): void {
    const count = tier.count[slot]!;
    if (count === 0) {
      tier.min[slot] = value;
      tier.max[slot] = value;
      tier.sum[slot] = value;
    } else {
      if (value < tier.min[slot]!) tier.min[slot] = value;
      if (value > tier.max[slot]!) tier.max[slot] = value;
      tier.sum[slot] = tier.sum[slot]! + value;
    }
    tier.last[slot] = value;
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
