import { afterEach, describe, expect, it } from "vitest";
import { requestsInFlight, requestYielder } from "./request-priority";

const counter = { count: 0 };
(globalThis as Record<symbol, unknown>)[Symbol.for("switchyard.requestsInFlight")] = counter;

describe("requestYielder", () => {
  afterEach(() => {
    counter.count = 0;
  });

  it("waits while requests are being answered and goes on once they are done", async () => {
    counter.count = 1;
    expect(requestsInFlight()).toBe(1);
    const pause = requestYielder(5_000);
    let done = false;
    const paused = pause().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    counter.count = 0;
    await paused;
    expect(done).toBe(true);
  });

  it("waits no longer than its budget across all its pauses", async () => {
    counter.count = 1; // a request that never ends (an export, a stuck client)
    const pause = requestYielder(60);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await pause();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(60 + 20 * 15);
  });
});
