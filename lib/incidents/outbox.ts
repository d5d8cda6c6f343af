// Delivers incident events to every channel: in order per incident, each event at most once per channel (the last
// delivered sequence is stored in KV before the next is sent, so a replica taking over resumes after it), retried
// with backoff, skipped while silenced, and logged per channel.
import type { ChannelSettings } from "@/lib/config/alerts-schema";
import type { DeliveryResult, Incident, IncidentEvent } from "@/lib/dto/incidents";
import { postJson, requestFor, retryDelayMs, silenceFor, type PostOutcome } from "@/lib/notify";
import type { IncidentRecord } from "./engine";
import type { IncidentStore } from "./store";

export type OutboxOptions = {
  environment: string;
  channels: readonly ChannelSettings[];
  toDto: (r: IncidentRecord) => Incident;
  linkFor: (id: string) => string;
  /** Sends only while this holds (the lease). */
  mayDeliver: () => boolean;
  retryBaseMs?: number;
  /** An event this old when first tried is settled unsent (e.g. a channel added long after the incident). */
  maxEventAgeMs?: number;
  now?: () => number;
};

type Retry = { attempt: number; at: number };

export class Outbox {
  private readonly inFlight = new Set<string>();
  private readonly retries = new Map<string, Retry>();
  /** Delivered sequences this replica knows of even when storing them failed: it never sends one twice itself. */
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly store: IncidentStore,
    private readonly options: OutboxOptions,
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Starts a delivery for every (channel, incident) with an undelivered event that is due. */
  pump(): void {
    // Runs every 250 ms over every incident: with thousands open, skip what has nothing to send before building keys.
    if (this.options.channels.length === 0 || !this.options.mayDeliver()) return;
    for (const r of this.store.incidents()) {
      const newest = r.events.at(-1)?.seq ?? 0;
      for (const channel of this.options.channels) {
        const stored = this.store.delivered(channel.name, r.id);
        if (newest <= stored) continue;
        const key = `${channel.name}|${r.id}`;
        if (this.inFlight.has(key) || (this.retries.get(key)?.at ?? 0) > this.now) continue;
        const delivered = Math.max(stored, this.sent.get(key) ?? 0);
        const pending = r.events.filter((e) => e.seq > delivered);
        if (pending.length === 0) continue;
        // A reminder followed by anything newer is stale: send the newer one.
        const event = pending.find((e, i) => e.kind !== "reminder" || i === pending.length - 1)!;
        this.inFlight.add(key);
        void this.deliver(channel, r, event, key).finally(() => this.inFlight.delete(key));
      }
    }
  }

  /** Resolves when nothing is in flight (tests, clean shutdown). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  private async deliver(
    channel: ChannelSettings,
    r: IncidentRecord,
    event: IncidentEvent,
    key: string,
  ): Promise<void> {
    const retry = this.retries.get(key);
    const attempt = (retry?.attempt ?? 0) + 1;
    const incident = this.options.toDto(r);
    const silence = silenceFor(incident, this.store.silences(), this.now);
    if (silence)
      return this.settle(
        channel,
        r,
        event,
        key,
        "silenced",
        attempt,
        null,
        `silenced by ${silence.createdBy}`,
      );
    if (!retry && this.now - Date.parse(event.at) > (this.options.maxEventAgeMs ?? 3_600_000))
      return this.settle(
        channel,
        r,
        event,
        key,
        "skipped",
        attempt,
        null,
        "older than an hour when first tried",
      );
    const notice = {
      environment: this.options.environment,
      incident,
      event,
      link: this.options.linkFor(r.id),
    };
    const outcome = await postJson(requestFor(channel, notice));
    if (outcome.ok) return this.settle(channel, r, event, key, "delivered", attempt, outcome, null);
    this.retries.set(key, { attempt, at: this.now + retryDelayMs(attempt, this.options.retryBaseMs) });
    await this.log(channel, r, event, "failed", attempt, outcome, outcome.error);
  }

  private async settle(
    channel: ChannelSettings,
    r: IncidentRecord,
    event: IncidentEvent,
    key: string,
    result: DeliveryResult,
    attempt: number,
    outcome: PostOutcome | null,
    note: string | null,
  ): Promise<void> {
    this.sent.set(key, event.seq);
    this.retries.delete(key);
    try {
      await this.store.setDelivered(channel.name, r.id, event.seq);
    } catch (error) {
      console.warn(
        `[notify ${channel.name}] delivered ${r.id}#${event.seq}, but storing that failed: ${String(error)}`,
      );
    }
    await this.log(channel, r, event, result, attempt, outcome, note);
  }

  private async log(
    channel: ChannelSettings,
    r: IncidentRecord,
    event: IncidentEvent,
    result: DeliveryResult,
    attempt: number,
    outcome: PostOutcome | null,
    error: string | null,
  ): Promise<void> {
    await this.store
      .appendLog({
        at: new Date(this.now).toISOString(),
        channel: channel.name,
        incidentId: r.id,
        eventSeq: event.seq,
        event: event.kind,
        result,
        attempt,
        status: outcome?.status ?? null,
        error,
        durationMs: outcome?.durationMs ?? null,
      })
      .catch(() => undefined);
  }
}
