// Sign-in rate limiting: at most N failed attempts per window for each client address and each user name. An
// attempt takes its place before the password is checked, so concurrent attempts cannot all slip under the limit.
export type FailureLimiter = {
  check(keys: string[], nowMs?: number): number;
  fail(keys: string[], nowMs?: number): void;
  /**
   * Counts an attempt as a failure now, before it is checked: `wait` > 0 (seconds) when the limit is reached,
   * else `release` takes it back once the attempt turns out right (or was never checked).
   */
  reserve(keys: string[], nowMs?: number): { wait: number; release: () => void };
  reset(keys: string[]): void;
};

/** `check` returns 0 when allowed, else the seconds until the oldest failure leaves the window. */
export function failureLimiter(maxFailures: number, windowMs: number, maxKeys = 10_000): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  const limiter: FailureLimiter = {
    check(keys, now = Date.now()) {
      let wait = 0;
      for (const key of keys) {
        const list = recent(key, now);
        if (list.length >= maxFailures) wait = Math.max(wait, Math.ceil((list[0]! + windowMs - now) / 1000));
      }
      return wait;
    },
    fail(keys, now = Date.now()) {
      // Bounded memory under a flood of distinct names: forget the oldest keys.
      while (failures.size >= maxKeys) failures.delete(failures.keys().next().value as string);
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
    },
    reserve(keys, now = Date.now()) {
      const wait = limiter.check(keys, now);
      if (wait > 0) return { wait, release: () => undefined };
      limiter.fail(keys, now);
      let released = false;
      return {
        wait: 0,
        release() {
          if (released) return;
          released = true;
          for (const key of keys) {
            const list = failures.get(key);
            const at = list?.indexOf(now) ?? -1;
            if (list && at >= 0) list.splice(at, 1);
          }
        },
      };
    },
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
  return limiter;
}
