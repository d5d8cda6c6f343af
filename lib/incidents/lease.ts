// The sending lease: exactly one replica per environment evaluates incidents and sends notifications. The lease is a
// KV key written compare-and-set; a replica takes it over when its revision has not changed for a lease period
// (measured on the taker's own clock, so clock skew between replicas does not matter).
import type { KV } from "@nats-io/kv";

export type LeaseValue = { holder: string; renewedAt: string };

export const LEASE_KEY = "lease";

export class SendingLease {
  private revision = 0;
  /** Last revision seen held by someone else, and when this replica first saw it. */
  private seen: { revision: number; at: number } | null = null;
  private heldSince: number | null = null;
  private lastRenewed = 0;

  constructor(
    private readonly kv: KV,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while this replica holds the lease and renewed it within the lease period. */
  get held(): boolean {
    return this.heldSince !== null && this.now() - this.lastRenewed < this.leaseMs;
  }

  /** Acquires, renews or waits; call about every leaseMs / 3. Returns whether this replica holds the lease. */
  async tick(): Promise<boolean> {
    const value = JSON.stringify({ holder: this.holder, renewedAt: new Date(this.now()).toISOString() });
    try {
      if (this.heldSince !== null) {
        this.revision = await this.kv.update(LEASE_KEY, value, this.revision);
        this.lastRenewed = this.now();
        return true;
      }
      const entry = await this.kv.get(LEASE_KEY);
      if (!entry || entry.operation !== "PUT" || entry.length === 0) {
        this.revision = entry
          ? await this.kv.update(LEASE_KEY, value, entry.revision)
          : await this.kv.create(LEASE_KEY, value);
        return this.took();
      }
      if (entry.json<LeaseValue>().holder === this.holder) {
        this.revision = await this.kv.update(LEASE_KEY, value, entry.revision);
        return this.took();
      }
      if (this.seen?.revision !== entry.revision) {
        this.seen = { revision: entry.revision, at: this.now() };
        return false;
      }
      if (this.now() - this.seen.at < this.leaseMs) return false;
      this.revision = await this.kv.update(LEASE_KEY, value, entry.revision);
      return this.took();
    } catch {
      // Lost a compare-and-set race or NATS is unreachable: not the holder (any longer).
      this.heldSince = null;
      return false;
    }
  }

  private took(): boolean {
    this.heldSince = this.now();
    this.lastRenewed = this.now();
    this.seen = null;
    return true;
  }

  /** Gives the lease up at once (clean shutdown), so another replica need not wait a lease period. */
  async release(): Promise<void> {
    if (this.heldSince === null) return;
    this.heldSince = null;
    await this.kv.delete(LEASE_KEY, { previousSeq: this.revision }).catch(() => undefined);
  }

  /** Who holds it, as far as the store knows. */
  async holderName(): Promise<string | null> {
    const entry = await this.kv.get(LEASE_KEY).catch(() => null);
    return entry && entry.operation === "PUT" && entry.length > 0 ? entry.json<LeaseValue>().holder : null;
  }
}
