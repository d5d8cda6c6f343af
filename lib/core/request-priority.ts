// Requests first: background work on a large estate (a poll's derivations, its listeners) yields to the requests the
// server is answering. scripts/serve.mjs counts them (event streams excluded: they stay open) in a global the app
// reads here; under `next dev`, where nothing counts, yielding is one turn of the event loop.

const IN_FLIGHT = Symbol.for("switchyard.requestsInFlight");

type Counter = { count: number };

/** Requests being answered right now (0 when nothing counts them). */
export function requestsInFlight(): number {
  return (globalThis as { [IN_FLIGHT]?: Counter })[IN_FLIGHT]?.count ?? 0;
}

/**
 * Lets the event loop answer what is waiting, then keeps waiting while requests are being answered, for at most
 * `maxWaitMs`: a request that arrives during a poll waits for the step in progress, not for every step after it.
 */
export async function yieldToRequests(maxWaitMs = 250): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const until = performance.now() + maxWaitMs;
  while (requestsInFlight() > 0 && performance.now() < until)
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
}
