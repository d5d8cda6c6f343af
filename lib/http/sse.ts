// Server-Sent Events response that forwards a live source's values (the collector's overviews) to one browser
// until it disconnects.
import "server-only";

const KEEPALIVE_MS = 15_000;
const OPEN = Symbol.for("switchyard.sse.open");
type Holder = { [OPEN]?: Set<() => void> };

function openStreams(): Set<() => void> {
  const holder = globalThis as Holder;
  holder[OPEN] ??= new Set();
  return holder[OPEN];
}

/** Ends every open event stream, so a graceful server shutdown is not held open by browsers. */
export function closeAllEventStreams(): void {
  for (const close of [...openStreams()]) close();
}

/** Anything with a latest value and change notifications: the collector, in practice. */
export type LiveSource<T> = { latest(): T; subscribe(listener: (value: T) => void): () => void };

export function overviewEventStream<T>(collector: LiveSource<T>, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      send(`retry: 2000\nevent: overview\ndata: ${JSON.stringify(collector.latest())}\n\n`);
      const unsubscribe = collector.subscribe((overview) =>
        send(`event: overview\ndata: ${JSON.stringify(overview)}\n\n`),
      );
      const keepalive = setInterval(() => send(`: keepalive\n\n`), KEEPALIVE_MS);
      cleanup = () => {
        openStreams().delete(cleanup);
        unsubscribe();
        clearInterval(keepalive);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      openStreams().add(cleanup);
      signal.addEventListener("abort", () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
