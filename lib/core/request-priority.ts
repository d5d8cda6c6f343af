// Requests first: background work on a large estate (a poll's derivations, its listeners) yields to the requests the
// server is answering, within a budget. scripts/serve.mjs counts them (event streams excluded: they stay open) in a
// global the app reads here; under `next dev`, where nothing counts, yielding is one turn of the event loop.

const IN_FLIGHT = Symbol.for("switchyard.requestsInFlight");

type Counter = { count: number };

/** Requests being answered right now (0 when nothing counts them). */
export function requestsInFlight(): number {
  return (globalThis as { [IN_FLIGHT]?: Counter })[IN_FLIGHT]?.count ?? 0;
}

/**
 * A pause for background work that yields to requests: each call lets the event loop answer what is waiting, then
 * keeps waiting while requests are being answered, until the pauses together have waited `budgetMs`. After that a
 * call is one turn of the event loop, so a long request (an export, /metrics) delays the work by `budgetMs` at most,
 * however many pauses it takes.
 */
export function requestYielder(budgetMs: number): () => Promise<void> {
  let left = budgetMs;
  return async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = performance.now();
    while (requestsInFlight() > 0 && performance.now() - started < left)
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
    left -= performance.now() - started;
  };
}
