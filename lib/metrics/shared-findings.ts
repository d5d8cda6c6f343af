// Finding state shared through JetStream (docs/architecture.md §10): since when each finding has held, in the KV
// bucket SWITCHYARD_FINDINGS, so every replica, and one restarted, shows the same finding with the same `since`.
// The tracker stays synchronous: it reads a cache loaded at start and filled by its background writes (a key another
// replica took first is read back), and nothing keeps running between polls.
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { ownReplicas } from "@/lib/nats/own-replicas";

export const FINDINGS_BUCKET = "SWITCHYARD_FINDINGS";

/** KV keys allow [-/_=.a-zA-Z0-9]: finding ids (with ':' and stream names) are base64url-encoded. */
const keyOf = (environment: string, id: string) =>
  `${Buffer.from(environment).toString("base64url")}.${Buffer.from(id).toString("base64url")}`;

export class SharedFindingState {
  private readonly cache = new Map<string, string>();
  private kv?: Promise<KV>;

  constructor(
    private readonly connection: () => NatsConnection,
    private readonly environment: string,
  ) {}

  /** The shared first-seen time of a finding, if any replica recorded one. */
  since(id: string): string | undefined {
    this.background(async () => undefined);
    return this.cache.get(id);
  }

  /** Records a first-seen time unless one is recorded already (the earliest stays; a later poll adopts it). */
  seen(id: string, since: string): void {
    this.background(async (kv) => {
      const key = keyOf(this.environment, id);
      try {
        await kv.create(key, since);
        this.remember(id, since);
      } catch {
        const entry = await kv.get(key);
        if (entry?.operation === "PUT") this.remember(id, entry.string());
      }
    });
  }

  /** The finding cleared: its time is forgotten, so a later return starts a new `since`. */
  cleared(id: string): void {
    this.cache.delete(id);
    this.background((kv) => kv.delete(keyOf(this.environment, id)));
  }

  /** Resolves once the bucket is open and its current contents are in the cache (for tests and start-up). */
  async ready(): Promise<void> {
    await this.open();
  }

  private remember(id: string, since: string): void {
    const known = this.cache.get(id);
    if (!known || since < known) this.cache.set(id, since);
  }

  private background(work: (kv: KV) => Promise<unknown>): void {
    // Nothing is sent while NATS is away: a request then only waits out its timeout (the next poll writes it).
    try {
      this.connection();
    } catch {
      return;
    }
    void this.open()
      .then((kv) => (kv ? work(kv) : undefined))
      .catch(() => undefined);
  }

  private open(): Promise<KV | undefined> {
    this.kv ??= (async () => {
      const nc = this.connection();
      const kv = await new Kvm(nc).create(FINDINGS_BUCKET, {
        history: 1,
        replicas: ownReplicas(nc),
        description: "Switchyard: since when each health finding has held, per environment",
      });
      await this.load(nc);
      return kv;
    })();
    return this.kv.catch(() => {
      this.kv = undefined; // NATS down: try again on a later poll
      return undefined;
    });
  }

  /**
   * Loads what is recorded for this environment: the keys from STREAM.INFO's subject list and one direct get each
   * (no consumer, nothing left running; later changes arrive through `seen`, which reads a key it finds taken).
   */
  private async load(nc: NatsConnection): Promise<void> {
    const prefix = `$KV.${FINDINGS_BUCKET}.${Buffer.from(this.environment).toString("base64url")}.`;
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    const info = await jsm.streams.info(`KV_${FINDINGS_BUCKET}`, { subjects_filter: `${prefix}>` });
    await Promise.all(
      Object.keys(info.state.subjects ?? {}).map(async (subject) => {
        const m = await jsm.streams.getMessage(`KV_${FINDINGS_BUCKET}`, { last_by_subj: subject });
        if (!m || m.header?.get("KV-Operation")) return; // deleted or purged
        this.remember(Buffer.from(subject.slice(prefix.length), "base64url").toString(), m.string());
      }),
    );
  }
}
