import { describe, expect, it } from "vitest";
import { liveEventStream, type LiveSource } from "./sse";

/** A source whose values the test pushes (the collector's role), and what a tab reads of the stream. */
function source<T>(first: T) {
  let value = first;
  const listeners = new Set<(v: T) => void>();
  const live: LiveSource<T> = {
    latest: () => value,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    live,
    push: (next: T) => {
      value = next;
      for (const l of listeners) l(next);
    },
  };
}

async function reader(response: Response) {
  const r = response.body!.getReader();
  const decoder = new TextDecoder();
  return async () => decoder.decode((await r.read()).value);
}

describe("liveEventStream", () => {
  it("sends every event at once, then only the events whose data changed", async () => {
    const s = source({ poll: 1, rows: "a" });
    const controller = new AbortController();
    const read = await reader(
      liveEventStream(
        s.live,
        (v) => ({ summary: `{"poll":${v.poll}}`, view: JSON.stringify(v.rows) }),
        controller.signal,
      ),
    );
    const first = await read();
    expect(first).toContain("retry: 2000");
    expect(first).toContain('event: summary\ndata: {"poll":1}\n\n');
    expect(first).toContain('event: view\ndata: "a"\n\n');
    s.push({ poll: 2, rows: "a" });
    const second = await read();
    expect(second).toBe('event: summary\ndata: {"poll":2}\n\n');
    s.push({ poll: 3, rows: "b" });
    expect(await read()).toBe('event: summary\ndata: {"poll":3}\n\nevent: view\ndata: "b"\n\n');
    controller.abort();
  });
});
