// Reads a Server-Sent Events stream the way a browser tab does and counts its bytes per poll.
export type SseMeter = {
  /** Bytes received after the first event (the initial view), and the polls (events naming a poll) since. */
  bytesSinceFirst(): number;
  polls(): number;
  /** Poll durations (ms) reported by the server's events, newest last. */
  durations(): number[];
  /** JetStream API requests per poll, as the server's events report them, newest last. */
  requests(): number[];
  close(): void;
  /** Resolves once `n` more polls have arrived, or rejects after `timeoutMs`. */
  waitPolls(n: number, timeoutMs: number): Promise<void>;
};

/** Opens `url` as an event stream; each event carrying `poll.polledAt` (summary or old overview) counts a poll. */
export async function openSse(url: string): Promise<SseMeter> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: "text/event-stream" } });
  if (!response.ok || !response.body) throw new Error(`${url} → ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let first = true;
  let bytes = 0;
  let polls = 0;
  let lastPolledAt: string | null = null;
  const durations: number[] = [];
  const requests: number[] = [];
  const waiters: { target: number; resolve: () => void }[] = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!first) bytes += value.byteLength;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split("\n")
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          if (!data) continue;
          first = false;
          // Only the poll figures are needed: cut them out rather than parsing megabytes of JSON.
          const at = /"polledAt":"([^"]+)"/.exec(data)?.[1] ?? null;
          const duration = /"durationMs":([\d.]+)/.exec(data)?.[1];
          const requested = /"requests":(\d+)/.exec(data)?.[1];
          if (at && at !== lastPolledAt) {
            if (lastPolledAt !== null) polls++;
            lastPolledAt = at;
            if (duration) durations.push(Number(duration));
            if (requested) requests.push(Number(requested));
            for (const waiter of waiters.filter((w) => polls >= w.target)) waiter.resolve();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    bytesSinceFirst: () => bytes,
    polls: () => polls,
    durations: () => durations,
    requests: () => requests,
    close: () => controller.abort(),
    waitPolls: (n, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${n} polls within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          target: polls + n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}
