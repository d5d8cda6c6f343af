// Remembers which originals applications dead-lettered themselves (X-Dlq-Stream/Seq headers in their DLQ streams),
// so capture never makes a second entry for a message the application copied before terminating it.
import type { NatsConnection } from "@nats-io/transport-node";
import type { JetStreamManager } from "@nats-io/jetstream";
import { REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { originHeadersFor, type OriginHeaderConfig } from "@/lib/dlq/entries";
import { readRange } from "@/lib/nats/stream-reader";

const MAX_KEYS = 500_000;
/** On first sight of an application DLQ stream, index at most its newest entries. */
const INITIAL_TAIL = 100_000;

export class AppDlqIndex {
  private readonly next = new Map<string, number>();
  private readonly keys = new Map<string, true>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
    /** A redriven message an application dead-lettered again (its X-Redrive-Job header), for the loop guard. */
    private readonly onReturned?: (jobId: string) => void,
    /** `deadLetterHeaders`: where each application DLQ stream keeps the origin stream and sequence. */
    private readonly originHeaders?: OriginHeaderConfig,
  ) {}

  has(stream: string, seq: number): boolean {
    return this.keys.has(`${stream}:${seq}`);
  }

  /** Reads every application DLQ entry stored so far (headers only). Call before deciding on an advisory. */
  async catchUp(streams: readonly string[]): Promise<void> {
    await Promise.all(streams.map((s) => this.catchUpOne(s)));
  }

  private async catchUpOne(stream: string): Promise<void> {
    const info = await this.jsm.streams.info(stream).catch(() => undefined);
    if (!info) return;
    const last = info.state.last_seq;
    // The backlog seen on first sight is history: only entries arriving after it count as returns.
    const fresh = this.next.has(stream);
    let start = this.next.get(stream) ?? Math.max(info.state.first_seq, last - INITIAL_TAIL + 1);
    if (start > last) return;
    const names = originHeadersFor(this.originHeaders, stream);
    await readRange(
      this.nc,
      this.prefix,
      { stream, startSeq: start, endSeq: last + 1, headersOnly: true, batch: 2000 },
      (msg) => {
        const origin = msg.header?.get(names.stream);
        const seq = msg.header?.get(names.seq);
        if (origin && seq) this.remember(`${origin}:${seq}`);
        const job = msg.header?.get(REDRIVE_HEADERS.job);
        if (fresh && job) this.onReturned?.(job);
        start = msg.seq + 1;
      },
    );
    this.next.set(stream, Math.max(start, last + 1));
  }

  private remember(key: string): void {
    this.keys.set(key, true);
    if (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
  }
}
