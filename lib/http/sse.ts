// Server-Sent Events response that forwards a collector's overviews to one browser until it disconnects.
import "server-only";
import type { Collector } from "@/lib/collector/collector";

const KEEPALIVE_MS = 15_000;

export function overviewEventStream(collector: Collector, signal: AbortSignal): Response {
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
      const unsubscribe = collector.subscribe((overview) => send(`event: overview\ndata: ${JSON.stringify(overview)}\n\n`));
      const keepalive = setInterval(() => send(`: keepalive\n\n`), KEEPALIVE_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(keepalive);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
