// Sign-in rate limiting: at most N failed attempts per window for each client address and each user name.
export type FailureLimiter = {
  check(keys: string[], nowMs?: number): number;
  fail(keys: string[], nowMs?: number): void;
  reset(keys: string[]): void;
};

/** `check` returns 0 when allowed, else the seconds until the oldest failure leaves the window. */
export function failureLimiter(maxFailures: number, windowMs: number, maxKeys = 10_000): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  return {
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
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
