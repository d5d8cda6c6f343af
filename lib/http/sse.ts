// Server-Sent Events response that forwards what one browser tab's view needs of a live source's values (the
// collector's overviews) until it disconnects, sending only what changed.
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

/** Named events to send for one value of the source: event name → its data (already serialised). */
export type EventRender<T> = (value: T) => Record<string, string>;

/**
 * One tab's event stream: after each value of the source, each named event whose data differs from what this tab
 * was last sent (changes only). The render decides what the tab's view needs, so bytes follow the view, not the
 * source.
 */
export function liveEventStream<T>(
  source: LiveSource<T>,
  render: EventRender<T>,
  signal: AbortSignal,
): Response {
  const encoder = new TextEncoder();
  const sent = new Map<string, string>();
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
      const sendChanges = (value: T, prefix = "") => {
        let chunk = prefix;
        for (const [event, data] of Object.entries(render(value))) {
          if (sent.get(event) === data) continue;
          sent.set(event, data);
          chunk += `event: ${event}\ndata: ${data}\n\n`;
        }
        if (chunk) send(chunk);
      };
      sendChanges(source.latest(), "retry: 2000\n");
      const unsubscribe = source.subscribe((value) => sendChanges(value));
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
