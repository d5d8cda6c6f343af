// Incident state in JetStream KV (docs/architecture.md §10), mirrored in memory on every replica by a watch, so
// every replica shows the same incidents and a new sender starts from what the last one stored.
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Acknowledgement, DeliveryLogEntry, Silence } from "@/lib/dto/incidents";
import type { IncidentRecord } from "./engine";

/**
 * One bucket per environment name: replicas are Switchyards that share an environment name on one NATS; two
 * environments on the same account (or two deployments with different names) keep apart incidents and leases.
 */
export const incidentBucket = (environment: string) => `SWITCHYARD_INCIDENTS_${environment}`;
/**
 * Entries kept per channel in the delivery log. The log is one value per channel (newest first), written only by
 * the sending replica and mirrored like the rest, so reading it costs no request.
 */
export const DELIVERY_LOG_DEPTH = 50;

type Held = { value: unknown; revision: number };

export class IncidentStore {
  private readonly entries = new Map<string, Held>();
  private changes = 0;
  private stopWatch?: () => void;
  private listeners = new Set<() => void>();

  private constructor(readonly kv: KV) {}

  /** Opens (creating if needed) both buckets and mirrors the state bucket; resolves once the mirror is current. */
  static async open(nc: NatsConnection, environment: string): Promise<IncidentStore> {
    const kvm = new Kvm(nc);
    const kv = await kvm.create(incidentBucket(environment), {
      history: 1,
      description: "Switchyard incidents",
    });
    const store = new IncidentStore(kv);
    await store.watch();
    return store;
  }

  private async watch(): Promise<void> {
    const pending = (await this.kv.status()).values;
    const watch = await this.kv.watch({ key: ">" });
    this.stopWatch = () => watch.stop();
    let ready!: () => void;
    const initialized = new Promise<void>((resolve) => (ready = resolve));
    if (pending === 0) ready();
    void (async () => {
      for await (const entry of watch) {
        this.apply(entry);
        // The watch's last initial value has nothing pending after it (delta 0).
        if ((entry.delta ?? 0) === 0) ready();
        if (entry.isUpdate) for (const l of this.listeners) l();
      }
    })().catch(() => undefined);
    await initialized;
  }

  private apply(entry: KvEntry): void {
    if (entry.operation !== "PUT" || entry.length === 0) {
      if (this.entries.delete(entry.key)) this.changes++;
      return;
    }
    const known = this.entries.get(entry.key);
    if (known && known.revision >= entry.revision) return;
    this.entries.set(entry.key, { value: entry.json(), revision: entry.revision });
    this.changes++;
  }

  /** Writes are mirrored at once too, so the writer reads its own writes before the watch echoes them. */
  private remember(key: string, value: unknown, revision: number): void {
    const known = this.entries.get(key);
    if (known && known.revision >= revision) return;
    this.entries.set(key, { value, revision });
    this.changes++;
  }

  /** Changes whenever anything mirrored does: what is derived from the mirror is good while it holds. */
  get version(): number {
    return this.changes;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopWatch?.();
    this.listeners.clear();
  }

  private values<T>(prefix: string): T[] {
    const out: T[] = [];
    for (const [key, held] of this.entries) if (key.startsWith(prefix)) out.push(held.value as T);
    return out;
  }

  incidents(): IncidentRecord[] {
    return this.values<IncidentRecord>("incident.");
  }

  incident(id: string): IncidentRecord | undefined {
    return this.entries.get(`incident.${id}`)?.value as IncidentRecord | undefined;
  }

  async putIncident(r: IncidentRecord): Promise<void> {
    const key = `incident.${r.id}`;
    this.remember(key, r, await this.kv.put(key, JSON.stringify(r)));
  }

  async deleteIncident(id: string, channels: readonly string[]): Promise<void> {
    await this.kv.purge(`incident.${id}`);
    await this.kv.purge(`ack.${id}`).catch(() => undefined);
    for (const c of channels) await this.kv.purge(`delivered.${c}.${id}`).catch(() => undefined);
    this.entries.delete(`incident.${id}`);
  }

  acknowledgement(id: string): Acknowledgement | null {
    return (this.entries.get(`ack.${id}`)?.value as Acknowledgement | undefined) ?? null;
  }

  /** The first acknowledgement wins; a second one returns the first. */
  async acknowledge(id: string, ack: Acknowledgement): Promise<{ ack: Acknowledgement; created: boolean }> {
    const key = `ack.${id}`;
    try {
      this.remember(key, ack, await this.kv.create(key, JSON.stringify(ack)));
      return { ack, created: true };
    } catch {
      const entry = await this.kv.get(key);
      if (entry && entry.operation === "PUT" && entry.length > 0)
        return { ack: entry.json(), created: false };
      throw new Error("the acknowledgement could not be stored");
    }
  }

  silences(): Silence[] {
    return this.values<Silence>("silence.");
  }

  async putSilence(s: Silence): Promise<void> {
    const key = `silence.${s.id}`;
    this.remember(key, s, await this.kv.put(key, JSON.stringify(s)));
  }

  async deleteSilence(id: string): Promise<void> {
    await this.kv.purge(`silence.${id}`);
    this.entries.delete(`silence.${id}`);
  }

  /** The sequence of the last event this channel delivered (or settled) for the incident. */
  delivered(channel: string, incidentId: string): number {
    return (this.entries.get(`delivered.${channel}.${incidentId}`)?.value as number | undefined) ?? 0;
  }

  async setDelivered(channel: string, incidentId: string, seq: number): Promise<void> {
    const key = `delivered.${channel}.${incidentId}`;
    this.remember(key, seq, await this.kv.put(key, JSON.stringify(seq)));
  }

  private logWrites = new Map<string, Promise<void>>();

  /** Appends to a channel's log; appends to one channel are serialized so none is lost. */
  appendLog(entry: DeliveryLogEntry): Promise<void> {
    const key = `log.${entry.channel}`;
    const write = (this.logWrites.get(key) ?? Promise.resolve()).then(async () => {
      const next = [entry, ...this.deliveryLog(entry.channel)].slice(0, DELIVERY_LOG_DEPTH);
      this.remember(key, next, await this.kv.put(key, JSON.stringify(next)));
    });
    const settled = write.catch(() => undefined);
    this.logWrites.set(key, settled);
    return write;
  }

  /** A channel's recent deliveries, newest first. */
  deliveryLog(channel: string): DeliveryLogEntry[] {
    return (this.entries.get(`log.${channel}`)?.value as DeliveryLogEntry[] | undefined) ?? [];
  }

  /** The raw entry (value and revision) of a key, as mirrored: the lease reads it. */
  held(key: string): Held | undefined {
    return this.entries.get(key);
  }
}
