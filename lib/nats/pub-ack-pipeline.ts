// Many JetStream publishes in flight over one reply subscription: each publish resolves with its own PubAck.
// Same wire protocol as js.publish (reply subject, PubAck JSON, 503 when no stream listens) without a request object,
// a timer and two stack-capturing errors per message, which is most of js.publish's client-side cost in bulk.
import {
  createInbox,
  type MsgHdrs,
  type NatsConnection,
  type Status,
  type Subscription,
} from "@nats-io/transport-node";

export type PubAck = { stream: string; seq: number; duplicate: boolean };

type Waiting = { resolve: (ack: PubAck) => void; reject: (error: Error) => void; deadline: number };

/** A PubAck that says the server refused the message (wrong expected stream, limits …): not worth retrying as is. */
export class PubAckRefused extends Error {
  constructor(
    message: string,
    readonly errCode: number | undefined,
  ) {
    super(message);
    this.name = "PubAckRefused";
  }
}

const decoder = new TextDecoder();

export class PubAckPipeline {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<number, Waiting>();
  private readonly sub: Subscription;
  private next = 0;
  private sweeper?: ReturnType<typeof setInterval>;
  private stopWatching?: () => void;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 10_000,
  ) {
    this.sub = nc.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) =>
        error ? this.failAll(error.message) : this.settle(msg.subject, msg.data, msg.headers),
    });
    void this.sub.closed.then(() => this.failAll("connection closed"));
    void this.watchDisconnects();
  }

  /** PubAcks of a server that went away never come: fail them now (as transient), not after the timeout. */
  private async watchDisconnects(): Promise<void> {
    const events = this.nc.status() as AsyncIterable<Status> & { stop?: () => void };
    this.stopWatching = () => events.stop?.();
    for await (const event of events) if (event.type === "disconnect") this.failAll("disconnected");
  }

  /**
   * Publishes to a JetStream subject; resolves with the PubAck (duplicate: true when the stream had the
   * Nats-Msg-Id).
   */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    const token = this.next++;
    const acked = new Promise<PubAck>((resolve, reject) =>
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs }),
    );
    try {
      this.nc.publish(subject, data, { reply: `${this.prefix}.${token}`, headers });
    } catch (error) {
      this.waiting.delete(token);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.sweeper ??= setInterval(() => this.expire(), Math.min(1000, this.timeoutMs));
    return acked;
  }

  close(): void {
    this.stopWatching?.();
    this.sub.unsubscribe();
    this.failAll("pipeline closed");
  }

  private settle(subject: string, data: Uint8Array, headers: MsgHdrs | undefined): void {
    const token = Number(subject.slice(this.prefix.length + 1));
    const waiting = this.waiting.get(token);
    if (!waiting) return; // timed out already
    this.waiting.delete(token);
    if (headers?.code === 503)
      return waiting.reject(new Error("no responders: no stream captures the subject (503)"));
    try {
      const reply = JSON.parse(decoder.decode(data)) as Partial<PubAck> & {
        error?: { description?: string; err_code?: number };
      };
      if (reply.error)
        return waiting.reject(new PubAckRefused(reply.error.description ?? "refused", reply.error.err_code));
      if (!reply.stream) return waiting.reject(new PubAckRefused("invalid PubAck", undefined));
      waiting.resolve({ stream: reply.stream, seq: reply.seq ?? 0, duplicate: reply.duplicate === true });
    } catch {
      waiting.reject(new PubAckRefused("PubAck is not JSON", undefined));
    }
  }

  private expire(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) break; // deadlines grow in insertion order
      this.waiting.delete(token);
      waiting.reject(new Error(`timeout: no PubAck within ${this.timeoutMs} ms`));
    }
    if (this.waiting.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private failAll(reason: string): void {
    for (const waiting of this.waiting.values()) waiting.reject(new Error(`no PubAck: ${reason}`));
    this.waiting.clear();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
