// One HTTP POST of a notification, with a timeout; the outcome as a value (a receiver's failure is data, not a throw).
import type { HttpRequest } from "./payloads";

export type PostOutcome = { ok: boolean; status: number | null; error: string | null; durationMs: number };

export async function postJson(request: HttpRequest, timeoutMs = 10_000): Promise<PostOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    await response.arrayBuffer().catch(() => undefined);
    const durationMs = Math.round(performance.now() - started);
    return response.ok
      ? { ok: true, status: response.status, error: null, durationMs }
      : { ok: false, status: response.status, error: `HTTP ${response.status}`, durationMs };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      status: null,
      error: cause ? `${message} (${cause})` : message,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Retry delays: 1 s, 2 s, 4 s … capped at a minute (the base is a knob for tests). */
export function retryDelayMs(attempt: number, baseMs = 1000, capMs = 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
