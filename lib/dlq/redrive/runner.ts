// Per-environment runner: every replica looks for planning or running jobs with no live owner, plans them and runs
// them (resume after a crash).
import { hostname } from "node:os";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyRule } from "@/lib/config/schema";
import { describeError, RepeatLog } from "@/lib/core/repeat-log";
import { type JobRecord, RedriveStore } from "./store";
import { LEASE_MS, runJob, type RunContext } from "./job";
import { planJob } from "./plan-job";

const SCAN_MS = 1000;

export type RunnerDeps = {
  connection: () => NatsConnection;
  manager: () => Promise<JetStreamManager>;
  apiPrefix: string;
  onFinish?: RunContext["onFinish"];
  leaseMs?: number;
  chunk?: number;
  originHeaders?: RunContext["originHeaders"];
  /** `traces.keyRules`: a filter on conversations needs them while a job is planned. */
  keyRules?: readonly KeyRule[];
};

export class RedriveRunner {
  readonly owner = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, Promise<unknown>>();
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private interrupt?: "release" | "crash";
  private store?: { nc: NatsConnection; store: RedriveStore };
  private readonly log = new RepeatLog("[redrive]");
  /** Per job: how far this runner handed chunks to the publisher (see RunContext.published). */
  private readonly published = new Map<string, number>();

  constructor(private readonly deps: RunnerDeps) {}

  start(): this {
    void this.scan();
    return this;
  }

  /** Graceful: running jobs stop after their current chunk and are handed back for any replica to resume. */
  async stop(): Promise<void> {
    await this.halt("release");
  }

  /** Like kill -9 between chunks (for tests): jobs stop and keep their lease until it expires. */
  async crash(): Promise<void> {
    await this.halt("crash");
  }

  private async halt(how: "release" | "crash"): Promise<void> {
    this.stopped = true;
    this.interrupt = how;
    clearTimeout(this.timer);
    await Promise.allSettled(this.active.values());
  }

  async jobStore(): Promise<RedriveStore> {
    const nc = this.deps.connection();
    if (this.store?.nc !== nc) this.store = { nc, store: await RedriveStore.open(nc) };
    return this.store.store;
  }

  /** Looks for work now (after a job was created or resumed). */
  poke(): void {
    clearTimeout(this.timer);
    void this.scan();
  }

  private async scan(): Promise<void> {
    try {
      const store = await this.jobStore();
      const jobs = await store.list();
      for (const job of jobs) if (this.runnable(job)) this.launch(job.id, store);
    } catch {
      // NATS down: try again on the next scan
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.scan(), SCAN_MS);
  }

  private runnable(job: JobRecord): boolean {
    if ((job.state !== "running" && job.state !== "planning") || this.active.has(job.id) || this.stopped)
      return false;
    return !job.owner || job.owner === this.owner || job.leaseUntil < Date.now();
  }

  private launch(id: string, store: RedriveStore): void {
    const run = (async () => {
      const nc = this.deps.connection();
      const jsm = await this.deps.manager();
      const { apiPrefix, originHeaders, keyRules } = this.deps;
      await planJob(
        {
          src: { nc, jsm, apiPrefix, originHeaders, keyRules },
          store,
          owner: this.owner,
          leaseMs: this.deps.leaseMs ?? LEASE_MS,
          interrupted: () => this.interrupt,
          onFinish: this.deps.onFinish,
        },
        id,
      );
      const ctx: RunContext = {
        nc,
        jsm,
        apiPrefix: this.deps.apiPrefix,
        store,
        owner: this.owner,
        onFinish: this.deps.onFinish,
        leaseMs: this.deps.leaseMs,
        chunk: this.deps.chunk,
        originHeaders: this.deps.originHeaders,
        interrupted: () => this.interrupt,
        published: this.published,
      };
      await runJob(ctx, id);
    })()
      .catch((error: unknown) => this.log.report(`job ${id}: ${describeError(error)}`))
      .finally(() => this.active.delete(id));
    this.active.set(id, run);
  }
}
