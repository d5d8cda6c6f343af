// One log line per cause, not one per failure: a cause seen again within the window is counted, and the next line
// for it says how often it repeated. Numbers (sequences, counts, ports) do not make a new cause.
export type LogSink = (line: string) => void;

const WINDOW_MS = 60_000;

type Seen = { loggedAt: number; repeats: number };

export class RepeatLog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly prefix: string,
    private readonly sink: LogSink = (line) => console.warn(line),
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Logs `error` as one line (never a stack) unless the same cause was logged within the window. */
  report(error: unknown, now = Date.now()): void {
    const text = describeError(error);
    const cause = text.replace(/\d+/g, "#");
    const seen = this.seen.get(cause);
    if (seen && now - seen.loggedAt < this.windowMs) {
      seen.repeats++;
      return;
    }
    const repeats = seen?.repeats ?? 0;
    this.seen.set(cause, { loggedAt: now, repeats: 0 });
    if (this.seen.size > 200) this.seen.delete(this.seen.keys().next().value!);
    const tally =
      repeats > 0
        ? ` (and ${repeats} more like it in the last ${Math.round((now - seen!.loggedAt) / 1000)} s)`
        : "";
    this.sink(`${this.prefix} ${text}${tally}`);
  }
}

/** An error as one line: its message (and code), never its stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text =
      code !== undefined && !error.message.includes(String(code))
        ? `${error.message} [${String(code)}]`
        : error.message;
    return text.split("\n")[0]!;
  }
  return String(error).split("\n")[0]!;
}
