// Delivers incident events to every channel: in order per incident, each event at most once per channel (the last
// delivered sequence is stored in KV before the next is sent, so a replica taking over resumes after it), retried
// with backoff, skipped while silenced, and logged per channel. A channel gets at most `maxPerMinute` requests a
// minute: when more events are due than that allows, they go out together as one digest.
import type { ChannelSettings } from "@/lib/config/alerts-schema";
import type { DeliveryResult, Incident, IncidentEvent } from "@/lib/dto/incidents";
import {
  digestOrder,
  digestRequestFor,
  postJson,
  requestFor,
  retryDelayMs,
  silenceFor,
  type Notice,
  type PostOutcome,
} from "@/lib/notify";
import type { IncidentRecord } from "./engine";
import type { IncidentStore } from "./store";

export type OutboxOptions = {
  environment: string;
  channels: readonly ChannelSettings[];
  toDto: (r: IncidentRecord) => Incident;
  linkFor: (id: string) => string;
  /** The environment's incidents page: where a digest links. */
  listLink: string;
  /** Requests a channel may receive in any minute; more events than that go out as one digest. */
  maxPerMinute: number;
  /** Sends only while this holds (the lease). */
  mayDeliver: () => boolean;
  retryBaseMs?: number;
  /** An event this old when first tried is settled unsent (e.g. a channel added long after the incident). */
  maxEventAgeMs?: number;
  now?: () => number;
};

type Retry = { attempt: number; at: number };
/** An incident's next event for a channel, due now, with the incident as notices and silences see it. */
type Due = { r: IncidentRecord; incident: Incident; event: IncidentEvent; key: string; attempt: number };

const MINUTE_MS = 60_000;
/** Events in one digest: a request body stays under about a megabyte (a webhook notice is 1–2 KB). */
export const MAX_DIGEST = 500;

export class Outbox {
  private readonly inFlight = new Set<string>();
  private readonly retries = new Map<string, Retry>();
  /** Delivered sequences this replica knows of even when storing them failed: it never sends one twice itself. */
  private readonly sent = new Map<string, number>();
  /** When each channel's requests of the last minute started. */
  private readonly requests = new Map<string, number[]>();

  constructor(
    private readonly store: IncidentStore,
    private readonly options: OutboxOptions,
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Starts delivering every (channel, incident) with an undelivered event that is due. */
  pump(): void {
    if (this.options.channels.length === 0 || !this.options.mayDeliver()) return;
    for (const channel of this.options.channels) {
      // A channel whose minute is spent waits: what is due (silenced or not) is looked at when it has room again.
      const budget = this.options.maxPerMinute - this.recentRequests(channel.name);
      if (budget <= 0) continue;
      const send: Due[] = [];
      for (const d of this.dueFor(channel)) {
        const held = this.heldBack(d);
        if (!held) send.push(d);
        else this.track(d.key, this.settle(channel, d, held.result, null, held.note));
      }
      if (send.length === 0) continue;
      if (send.length <= budget) for (const d of send) this.track(d.key, this.deliverOne(channel, d));
      else this.deliverDigest(channel, send);
    }
  }

  /** Resolves when nothing is in flight (tests, clean shutdown). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  /** Each incident's next undelivered event for the channel, unless it is in flight or waiting out a retry. */
  private dueFor(channel: ChannelSettings): Due[] {
    const due: Due[] = [];
    // Runs every 250 ms over every incident: with thousands open, skip what has nothing to send before building keys.
    for (const r of this.store.incidents()) {
      const newest = r.events.at(-1)?.seq ?? 0;
      const stored = this.store.delivered(channel.name, r.id);
      if (newest <= stored) continue;
      const key = `${channel.name}|${r.id}`;
      const retry = this.retries.get(key);
      if (this.inFlight.has(key) || (retry?.at ?? 0) > this.now) continue;
      const delivered = Math.max(stored, this.sent.get(key) ?? 0);
      const pending = r.events.filter((e) => e.seq > delivered);
      if (pending.length === 0) continue;
      // A reminder followed by anything newer is stale: send the newer one.
      const event = pending.find((e, i) => e.kind !== "reminder" || i === pending.length - 1)!;
      due.push({ r, incident: this.options.toDto(r), event, key, attempt: (retry?.attempt ?? 0) + 1 });
    }
    return due;
  }

  /** Why an event is settled without being sent: its incident is silenced, or it was already old when first tried. */
  private heldBack(d: Due): { result: DeliveryResult; note: string } | null {
    const silence = silenceFor(d.incident, this.store.silences(), this.now);
    if (silence) return { result: "silenced", note: `silenced by ${silence.createdBy}` };
    if (d.attempt === 1 && this.now - Date.parse(d.event.at) > (this.options.maxEventAgeMs ?? 3_600_000))
      return { result: "skipped", note: "older than an hour when first tried" };
    return null;
  }

  private track(key: string, work: Promise<void>): void {
    this.inFlight.add(key);
    void work.finally(() => this.inFlight.delete(key));
  }

  /** Requests started to the channel in the last minute, counting this one's start from now on. */
  private recentRequests(channel: string): number {
    const since = this.now - MINUTE_MS;
    const recent = (this.requests.get(channel) ?? []).filter((at) => at > since);
    this.requests.set(channel, recent);
    return recent.length;
  }

  private countRequest(channel: string): void {
    this.requests.set(channel, [...(this.requests.get(channel) ?? []), this.now]);
  }

  private notice(d: Due): Notice {
    return {
      environment: this.options.environment,
      incident: d.incident,
      event: d.event,
      link: this.options.linkFor(d.r.id),
    };
  }

  private async deliverOne(channel: ChannelSettings, d: Due): Promise<void> {
    this.countRequest(channel.name);
    const outcome = await postJson(requestFor(channel, this.notice(d)));
    if (outcome.ok) return this.settle(channel, d, "delivered", outcome, null);
    this.retryLater([d]);
    await this.log(channel, d, "failed", outcome, outcome.error);
  }

  /**
   * One request carrying the due events, worst first (at most MAX_DIGEST: the rest go in the next one); each counts
   * as delivered when it is answered, else each retries.
   */
  private deliverDigest(channel: ChannelSettings, due: Due[]): void {
    this.countRequest(channel.name);
    const notices = due
      .map((d) => ({ d, notice: this.notice(d) }))
      .sort((a, b) => digestOrder(a.notice, b.notice))
      .slice(0, MAX_DIGEST);
    const ordered = notices.map((n) => n.d);
    const work = postJson(
      digestRequestFor(channel, {
        environment: this.options.environment,
        notices: notices.map((n) => n.notice),
        link: this.options.listLink,
        maxPerMinute: this.options.maxPerMinute,
      }),
    ).then(async (outcome) => {
      const digestOf = ordered.length;
      if (outcome.ok) {
        await Promise.all(ordered.map((d) => this.markDelivered(channel, d)));
        await this.log(channel, ordered[0]!, "delivered", outcome, null, digestOf);
        return;
      }
      this.retryLater(ordered);
      await this.log(channel, ordered[0]!, "failed", outcome, outcome.error, digestOf);
    });
    for (const d of ordered) this.track(d.key, work);
  }

  /** The events of one failed request are tried again together, when the most-tried of them is due. */
  private retryLater(failed: Due[]): void {
    const attempt = Math.max(...failed.map((d) => d.attempt));
    const at = this.now + retryDelayMs(attempt, this.options.retryBaseMs);
    for (const d of failed) this.retries.set(d.key, { attempt: d.attempt, at });
  }

  private async settle(
    channel: ChannelSettings,
    d: Due,
    result: DeliveryResult,
    outcome: PostOutcome | null,
    note: string | null,
  ): Promise<void> {
    await this.markDelivered(channel, d);
    await this.log(channel, d, result, outcome, note);
  }

  private async markDelivered(channel: ChannelSettings, d: Due): Promise<void> {
    this.sent.set(d.key, d.event.seq);
    this.retries.delete(d.key);
    try {
      await this.store.setDelivered(channel.name, d.r.id, d.event.seq);
    } catch (error) {
      console.warn(
        `[notify ${channel.name}] delivered ${d.r.id}#${d.event.seq}, but storing that failed: ${String(error)}`,
      );
    }
  }

  private async log(
    channel: ChannelSettings,
    d: Due,
    result: DeliveryResult,
    outcome: PostOutcome | null,
    error: string | null,
    digestOf?: number,
  ): Promise<void> {
    await this.store
      .appendLog({
        at: new Date(this.now).toISOString(),
        channel: channel.name,
        incidentId: d.r.id,
        eventSeq: d.event.seq,
        event: d.event.kind,
        result,
        attempt: d.attempt,
        status: outcome?.status ?? null,
        error,
        durationMs: outcome?.durationMs ?? null,
        ...(digestOf ? { digestOf } : {}),
      })
      .catch(() => undefined);
  }
}
