// A token bucket (pure: the caller passes the clock) that paces redrive jobs to N messages per second.

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** ratePerSecond 0 means unlimited. Burst defaults to one second's worth (at least 1). */
  constructor(
    private readonly ratePerSecond: number,
    now: number,
    private readonly burst = Math.max(1, ratePerSecond),
  ) {
    this.tokens = this.burst;
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    this.last = now;
  }

  /** Takes up to `wanted` tokens; returns how many it granted (0..wanted). */
  take(wanted: number, now: number): number {
    if (this.ratePerSecond <= 0) return wanted;
    this.refill(now);
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  /** Milliseconds until at least one token is available. */
  waitMs(now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}
