// Caps password hashing per process: each scrypt check takes ~128 MiB and much CPU, so at most `concurrency` run
// at once and at most `queue` wait; beyond that the caller is told to come back (429) instead of piling up.
export type HashGate = {
  /** Runs `work` when a slot is free; null (without running it) when the waiting line is full. */
  run<T>(work: () => Promise<T>): Promise<{ value: T } | null>;
  /** Checks started since the process began, and the most that ever ran at once. */
  stats(): { started: number; peak: number };
};

export function hashGate(concurrency: number, queue: number): HashGate {
  let running = 0;
  let started = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (running >= concurrency) {
        if (waiting.length >= queue) return null;
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      started++;
      peak = Math.max(peak, running);
      try {
        return { value: await work() };
      } finally {
        // Hand the slot straight to the next in line, so `running` never over-counts.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    stats: () => ({ started, peak }),
  };
}
