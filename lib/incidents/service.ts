// One environment's incidents: on every poll the lease holder turns the collector's findings into incidents (KV)
// and delivers their events; every replica answers reads from its mirror and writes acknowledgements and silences.
import "server-only";
import { hostname } from "node:os";
import type { NatsConnection } from "@nats-io/transport-node";
import type { AlertsConfig } from "@/lib/config/alerts-schema";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import type { Finding } from "@/lib/dto/findings";
import type { Overview } from "@/lib/dto/overview";
import type { ShownRows } from "@/lib/dto/params";
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type {
  DeliveryLog,
  Incident,
  IncidentList,
  Silence,
  SilenceRequest,
  Symptom,
  TimelineEntry,
} from "@/lib/dto/incidents";
import { recordAudit, type AuditSink } from "@/lib/audit/record-audit";
import { maskUrl } from "@/lib/notify";
import { stepIncidents, type EngineOptions, type IncidentRecord } from "./engine";
import { consumerCause } from "./cause";
import { SendingLease } from "./lease";
import { nextSteps, runbookUrl } from "./next-steps";
import { Outbox } from "./outbox";
import { LastActive } from "./last-active";
import { incidentsAboutRows } from "./about-rows";
import { incidentPage, indexIncidents, type IncidentIndex } from "./list";
import { IncidentStore } from "./store";

/** What the service needs from the collector: the findings of each poll. */
export type FindingsSource = {
  subscribe(listener: (overview: FindingsUpdate) => void): () => void;
};

/** The parts of an overview the engine reads: findings, and consumers' last deliveries for onsets. */
export type FindingsUpdate = Pick<Overview, "findings" | "streams"> & {
  poll: Pick<Overview["poll"], "intervalMs" | "polledAt">;
};

export type IncidentServiceOptions = {
  environment: string;
  nc: NatsConnection;
  source: FindingsSource;
  alerts: AlertsConfig;
  audit: () => Promise<AuditSink>;
  replicaId?: string;
  /** Test knobs. */
  retryBaseMs?: number;
  leaseMs?: number;
  timings?: Partial<EngineOptions>;
};

/**
 * Consumers with a backlog that have delivered nothing for at least two polls, by cause key → when they stopped:
 * their last delivery, or, when the oldest waiting message came later (a quiet consumer whose pool went away),
 * that message's arrival. Whichever rule notices such an outage first, it began then.
 */
export function stoppedConsumers(overview: FindingsUpdate): Map<string, number> {
  const out = new Map<string, number>();
  const polledAt = overview.poll.polledAt ? Date.parse(overview.poll.polledAt) : Date.now();
  for (const s of overview.streams)
    for (const c of s.consumers) {
      if (!c.lastActive || c.idleSeconds === null || c.backlog === 0) continue;
      if (c.idleSeconds * 1000 < 2 * overview.poll.intervalMs) continue;
      const lastDelivery = Date.parse(c.lastActive);
      const oldestWaiting =
        c.oldestUnprocessedAgeSeconds !== null
          ? polledAt - c.oldestUnprocessedAgeSeconds * 1000
          : lastDelivery;
      out.set(consumerCause(s.name, c.name), Math.max(lastDelivery, oldestWaiting));
    }
  return out;
}

/** Resolved incidents are kept this long (and at most MAX_RESOLVED of them). */
const RESOLVED_RETENTION_MS = 7 * 24 * 3600_000;
const MAX_RESOLVED = 500;

export class IncidentService {
  readonly lease: SendingLease;
  readonly outbox: Outbox;
  private unsubscribe?: () => void;
  private timers: ReturnType<typeof setInterval>[] = [];
  private stepping = false;
  private stopped = false;
  private readonly lastActive = new LastActive();
  private holding = false;
  /** The last poll's findings by id: an open symptom's live text (its ages and figures) is read from here. */
  private live = new Map<string, Finding>();
  /** Every incident in list order, counted, as of the store's version (`page`). */
  private index?: { version: number; value: IncidentIndex };

  private constructor(
    readonly store: IncidentStore,
    private readonly options: IncidentServiceOptions,
  ) {
    const replica = options.replicaId ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
    this.lease = new SendingLease(store.kv, replica, options.leaseMs ?? options.alerts.leaseSeconds * 1000);
    this.outbox = new Outbox(store, {
      environment: options.environment,
      channels: options.alerts.channels,
      toDto: (r) => this.toDto(r),
      linkFor: (id) => this.link(id),
      listLink: `${options.alerts.publicUrl}/${options.environment}/incidents`,
      maxPerMinute: options.alerts.maxPerMinute,
      mayDeliver: () => this.lease.held,
      retryBaseMs: options.retryBaseMs,
    });
  }

  static async start(options: IncidentServiceOptions): Promise<IncidentService> {
    const service = new IncidentService(await IncidentStore.open(options.nc, options.environment), options);
    const leaseMs = options.leaseMs ?? options.alerts.leaseSeconds * 1000;
    await service.lease.tick();
    service.timers.push(
      setInterval(() => void service.lease.tick(), Math.max(200, leaseMs / 3)),
      setInterval(() => service.outbox.pump(), 250),
    );
    for (const t of service.timers) t.unref?.();
    service.unsubscribe = options.source.subscribe(
      (overview) => void service.step(overview.findings, Date.now(), stoppedConsumers(overview)),
    );
    return service;
  }

  /** Stops without giving up the lease (what a crash looks like to the other replicas). */
  halt(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearInterval(t);
    this.store.close();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const t of this.timers) clearInterval(t);
    await this.outbox.idle();
    await this.lease.release();
    this.halt();
  }

  get holdsLease(): boolean {
    return this.lease.held;
  }

  /** One poll's findings → incidents (lease holder only), then deliveries. */
  async step(findings: Finding[], now = Date.now(), stopped = new Map<string, number>()): Promise<void> {
    this.live = new Map(findings.map((f) => [f.id, f]));
    if (this.holding !== this.lease.held) {
      this.holding = this.lease.held;
      if (this.holding) this.lastActive.acquired(now);
      else this.lastActive.released();
    }
    if (this.stopped || this.stepping || !this.lease.held) return;
    this.stepping = true;
    try {
      const a = this.options.alerts;
      const latest = new Map<string, IncidentRecord>();
      for (const stored of this.store.incidents()) {
        const r = this.lastActive.overlay(stored);
        const known = latest.get(r.cause);
        if (!known || known.detectedAt < r.detectedAt) latest.set(r.cause, r);
      }
      const changed = stepIncidents(
        latest,
        findings,
        now,
        {
          settleMs: a.settleSeconds * 1000,
          reopenWithinMs: a.reopenWithinMinutes * 60_000,
          remindMs: a.remindMinutes * 60_000,
          onsetHint: (cause) => stopped.get(cause) ?? null,
          ...this.options.timings,
        },
        (id) => this.store.acknowledgement(id) !== null,
      );
      // A change of lastActiveAt alone stays in memory (lib/incidents/last-active.ts).
      for (const r of changed)
        if (this.lastActive.mustWrite(r, this.store.incident(r.id))) await this.store.putIncident(r);
      await this.housekeeping(now);
    } catch (error) {
      console.warn(`[incidents ${this.options.environment}] not updated: ${String(error)}`);
    } finally {
      this.stepping = false;
    }
    this.outbox.pump();
  }

  private async housekeeping(now: number): Promise<void> {
    const resolved = this.store
      .incidents()
      .filter((r) => r.state === "resolved")
      .sort((x, y) => (y.resolvedAt ?? "").localeCompare(x.resolvedAt ?? ""));
    const channels = this.options.alerts.channels.map((c) => c.name);
    for (const [i, r] of resolved.entries())
      if (i >= MAX_RESOLVED || now - Date.parse(r.resolvedAt ?? r.lastActiveAt) > RESOLVED_RETENTION_MS)
        await this.store.deleteIncident(r.id, channels);
    for (const s of this.store.silences())
      if (Date.parse(s.expiresAt) <= now) await this.store.deleteSilence(s.id);
  }

  private link(id: string): string {
    return `${this.options.alerts.publicUrl}/${this.options.environment}/incidents/${encodeURIComponent(id)}`;
  }

  /** A stored symptom is written when it appears or clears; while it fires, its text is the finding's as of now. */
  private liveSymptom(s: Symptom): Symptom {
    const f = s.clearedAt === null ? this.live.get(s.findingId) : undefined;
    return f ? { ...s, severity: f.severity, title: f.title, detail: f.detail, href: f.href } : s;
  }

  toDto(stored: IncidentRecord): Incident {
    const r = { ...stored, symptoms: stored.symptoms.map((s) => this.liveSymptom(s)) };
    const acknowledged = this.store.acknowledgement(r.id);
    const rules = [...r.symptoms]
      .sort(
        (a, b) =>
          Number(a.clearedAt !== null) - Number(b.clearedAt !== null) ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
      )
      .map((s) => s.rule);
    const started: TimelineEntry = {
      at: r.startedAt,
      kind: "started",
      text:
        r.kind === "consumer"
          ? `First symptom: ${r.where.consumer} stopped making progress (its last delivery, or the first finding)`
          : "First symptom",
    };
    const ack: TimelineEntry[] = acknowledged
      ? [
          {
            at: acknowledged.at,
            kind: "acknowledged",
            text: `Acknowledged by ${acknowledged.by}${acknowledged.note ? `: ${acknowledged.note}` : ""}`,
          },
        ]
      : [];
    // Stable sort: entries at the same time keep their recorded order.
    const timeline = [started, ...r.timeline, ...ack].sort((x, y) => x.at.localeCompare(y.at));
    const { lastEventAt: _e, lowerSeverity: _l, ...rest } = this.lastActive.overlay(r);
    return {
      ...rest,
      timeline,
      acknowledged,
      nextSteps: nextSteps(rules),
      runbookUrl: runbookUrl(this.options.alerts.runbooks, r.where.stream, rules),
    };
  }

  /** A page of the incidents in a state, with counts of all of them (`incidentPage`). */
  list(query: { state: "open" | "resolved" | "all"; limit: number; offset: number }): IncidentList {
    const { records, ...page } = this.page(query);
    return { ...page, incidents: records.map((r) => this.toDto(r)), sendingReplica: this.sendingReplica() };
  }

  /** The worst open incident about each of a table's rows (`incidentsAboutRows`), however many are open. */
  about(rows: ShownRows): IncidentList {
    const { counts, openStreams } = this.page({ state: "open", limit: 0, offset: 0 });
    const incidents = incidentsAboutRows(this.store.incidents(), rows).map((r) => this.toDto(r));
    return {
      incidents,
      matched: incidents.length,
      offset: 0,
      nextCursor: null,
      counts,
      openStreams,
      sendingReplica: this.sendingReplica(),
    };
  }

  private page(query: { state: "open" | "resolved" | "all"; limit: number; offset: number }) {
    const version = this.store.version;
    if (this.index?.version !== version)
      this.index = {
        version,
        value: indexIncidents(this.store.incidents(), (id) => this.store.acknowledgement(id) !== null),
      };
    return incidentPage(this.index.value, query);
  }

  private sendingReplica(): string | null {
    return (this.store.held("lease")?.value as { holder?: string } | undefined)?.holder ?? null;
  }

  get(id: string): Incident {
    const r = this.store.incident(id);
    if (!r) throw new AppError("not_found", `no incident ${id} in ${this.options.environment}`);
    return this.toDto(r);
  }

  async acknowledge(id: string, actor: Actor, note?: string): Promise<Incident> {
    const r = this.store.incident(id);
    if (!r) throw new AppError("not_found", `no incident ${id} in ${this.options.environment}`);
    if (r.state !== "open") throw new AppError("conflict", `incident ${id} is already resolved`);
    const { ack, created } = await this.store.acknowledge(id, {
      by: actor.user,
      at: new Date().toISOString(),
      note,
    });
    if (created)
      await recordAudit(await this.options.audit(), {
        user: actor.user,
        address: actor.address,
        action: "incident.acknowledge",
        result: "ok",
        detail: { environment: this.options.environment, incident: id, title: r.title, note: note ?? null },
      });
    else if (ack.by !== actor.user)
      throw new AppError("conflict", `already acknowledged by ${ack.by} at ${ack.at}`);
    return this.toDto(r);
  }

  silences(now = Date.now()): Silence[] {
    return this.store
      .silences()
      .filter((s) => Date.parse(s.expiresAt) > now)
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  }

  async silence(request: SilenceRequest, actor: Actor): Promise<Silence> {
    const now = Date.now();
    const silence: Silence = {
      id: crypto.randomUUID().replace(/-/g, "").slice(0, 16),
      ...(request.rule ? { rule: request.rule } : {}),
      ...(request.stream ? { stream: request.stream } : {}),
      ...(request.consumer ? { consumer: request.consumer } : {}),
      ...(request.comment ? { comment: request.comment } : {}),
      createdBy: actor.user,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + request.minutes * 60_000).toISOString(),
    };
    // Audited first: a silence nobody can account for must not exist.
    await recordAudit(await this.options.audit(), {
      user: actor.user,
      address: actor.address,
      action: "silence.create",
      result: "ok",
      detail: { environment: this.options.environment, ...silence },
    });
    await this.store.putSilence(silence);
    return silence;
  }

  async unsilence(id: string, actor: Actor): Promise<{ deleted: string }> {
    const silence = this.store.silences().find((s) => s.id === id);
    if (!silence) throw new AppError("not_found", `no silence ${id} in ${this.options.environment}`);
    await recordAudit(await this.options.audit(), {
      user: actor.user,
      address: actor.address,
      action: "silence.delete",
      result: "ok",
      detail: { environment: this.options.environment, ...silence },
    });
    await this.store.deleteSilence(id);
    return { deleted: id };
  }

  async deliveryLog(): Promise<DeliveryLog> {
    const channels = this.options.alerts.channels.map((c) => ({
      name: c.name,
      type: c.type,
      maskedUrl: maskUrl(c.url),
    }));
    const entries = channels
      .flatMap((c) => this.store.deliveryLog(c.name))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 200);
    return { channels, entries };
  }
}
