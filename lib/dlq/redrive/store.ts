// Redrive jobs in a JetStream KV bucket (docs/architecture.md §10): any replica can resume a job after a crash.
// Every write is compare-and-set on the key's revision, so a cancel never races a progress update.
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import {
  jobIsActive,
  type AfterRedrive,
  type DeadLetterFilter,
  type JobState,
  type PlanningProgress,
  type RedriveJob,
} from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { countRanges, rangesIntersect, toRanges, type SeqRanges } from "@/lib/dlq/entries";
import type { Fence } from "./fence";
import { ownReplicas } from "@/lib/nats/own-replicas";

export const REDRIVE_BUCKET = "SWITCHYARD_REDRIVE_JOBS";

/** What the bucket stores per job; the DTO adds derived fields. */
export type JobRecord = {
  id: string;
  dlqStream: string;
  /**
   * The snapshot, in DLQ sequences. While planning: the requested sequences of an explicit selection (claimed at
   * once), nothing for a filter (claimed once planned, ./plan-job.ts).
   */
  ranges: SeqRanges;
  selection: { seqs?: number; filter?: DeadLetterFilter };
  target: string | null;
  ratePerSecond: number;
  afterRedrive: AfterRedrive;
  state: JobState;
  stateReason: string | null;
  total: number;
  /** While planning: the filter's snapshot bound (entries below this sequence) and how far the runner got. */
  planning?: PlanningProgress & { before: number };
  /** Position in the snapshot up to which every entry is settled (moved, failed or skipped). */
  done: number;
  moved: number;
  failed: number;
  skipped: number;
  rate: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  owner: string | null;
  leaseUntil: number;
  /** Returned count when the job was last resumed: the loop guard looks at what came back since. */
  returnedBaseline?: number;
  errors: { seq: number; error: string }[];
  /** Work that may not be durable yet, to verify after a NATS restart or a crash (./fence.ts). */
  fence?: Fence;
  /** Entries that may already have been delivered: held for an operator (send again / mark redriven). */
  inDoubt?: number;
  inDoubtSeqs?: number[];
};

/** The DTO lists this many in-doubt entries; the job keeps them all. */
const IN_DOUBT_LISTED = 1000;

export function toJobDto(job: JobRecord, returned: number): RedriveJob {
  const remaining = Math.max(0, job.total - job.done);
  return {
    id: job.id,
    dlqStream: job.dlqStream,
    selection: job.selection,
    target: job.target,
    ratePerSecond: job.ratePerSecond,
    state: job.state,
    stateReason: job.stateReason,
    total: job.total,
    planning:
      job.state === "planning" && job.planning
        ? { examined: job.planning.examined, of: job.planning.of, selected: job.planning.selected }
        : null,
    moved: job.moved,
    failed: job.failed,
    skipped: job.skipped,
    remaining,
    returned,
    rate: job.rate,
    etaSeconds: job.state === "running" && job.rate > 0 ? remaining / job.rate : null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    createdBy: job.createdBy,
    owner: job.owner,
    errors: job.errors,
    inDoubt: job.inDoubt ?? 0,
    inDoubtSeqs: (job.inDoubtSeqs ?? []).slice(0, IN_DOUBT_LISTED),
  };
}

export class RedriveStore {
  private constructor(
    private readonly kv: KV,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(nc: NatsConnection): Promise<RedriveStore> {
    const kv = await new Kvm(nc).create(REDRIVE_BUCKET, {
      history: 1,
      replicas: ownReplicas(nc),
      description: "Switchyard redrive jobs",
    });
    return new RedriveStore(kv, await jetstreamManager(nc));
  }

  async get(id: string): Promise<{ job: JobRecord; revision: number } | undefined> {
    const entry = await this.kv.get(`job.${id}`);
    if (!entry || entry.operation !== "PUT" || entry.length === 0) return undefined;
    return { job: entry.json<JobRecord>(), revision: entry.revision };
  }

  async list(): Promise<JobRecord[]> {
    // The bucket's subjects from STREAM.INFO, not kv.keys(): that creates an ordered consumer per call, and
    // the runner lists jobs every second.
    const prefix = `$KV.${REDRIVE_BUCKET}.`;
    const info = await this.jsm.streams.info(`KV_${REDRIVE_BUCKET}`, { subjects_filter: `${prefix}job.*` });
    const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
    const jobs = await Promise.all(keys.map((k) => this.get(k.slice(4))));
    return jobs
      .filter((j) => j !== undefined)
      .map((j) => j.job)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async returned(id: string): Promise<number> {
    const entry = await this.kv.get(`returned.${id}`);
    return entry && entry.operation === "PUT" && entry.length > 0 ? Number(entry.string()) || 0 : 0;
  }

  async addReturned(id: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const entry = await this.kv.get(`returned.${id}`);
      const current =
        entry && entry.operation === "PUT" && entry.length > 0 ? Number(entry.string()) || 0 : 0;
      try {
        if (entry && entry.operation === "PUT")
          await this.kv.update(`returned.${id}`, String(current + 1), entry.revision);
        else await this.kv.create(`returned.${id}`, String(current + 1));
        return;
      } catch {
        // another writer won; read again
      }
    }
  }

  /**
   * Stores a new job unless an active job of the same DLQ stream holds any of its entries (409 naming it). The
   * record is written before the claim, so a claim racing this one sees its entries; a refused job is deleted.
   */
  async createExclusive(job: JobRecord): Promise<void> {
    await this.kv.create(`job.${job.id}`, JSON.stringify(job));
    const holder = await this.claim(job).catch(async (error: unknown) => {
      await this.kv.delete(`job.${job.id}`).catch(() => undefined);
      throw error;
    });
    if (!holder) return;
    await this.kv.delete(`job.${job.id}`).catch(() => undefined);
    throw new AppError("conflict", conflictMessage(holder));
  }

  /**
   * Checks `job.ranges` against every other job in `claims.<dlq>` and adds `job` to it, with compare-and-set on the
   * list so concurrent claims are checked one after another. Returns the holder of a conflicting entry, if any.
   * The job's record must already name `ranges` (a planned job writes them first, then claims them).
   */
  async claim(job: JobRecord): Promise<JobRecord | undefined> {
    const claimsKey = `claims.${job.dlqStream}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const claims = await this.kv.get(claimsKey);
      const ids: string[] =
        claims && claims.operation === "PUT" && claims.length > 0 ? claims.json<string[]>() : [];
      const kept: string[] = [];
      for (const id of ids) {
        if (id === job.id) continue;
        const other = (await this.get(id))?.job;
        if (!other) continue;
        // A finished job still holds its in-doubt entries: sending them again is an operator's choice on that job.
        const active = jobIsActive(other.state);
        const held = active ? other.ranges : toRanges(other.inDoubtSeqs ?? []);
        if (held.length === 0 && !active) continue;
        kept.push(id);
        if (rangesIntersect(held, job.ranges)) return other;
      }
      try {
        const next = JSON.stringify([...kept, job.id]);
        if (claims && claims.operation === "PUT") await this.kv.update(claimsKey, next, claims.revision);
        else await this.kv.create(claimsKey, next);
        return undefined;
      } catch {
        continue; // another job was claimed meanwhile: check again
      }
    }
    throw new AppError("conflict", "too many concurrent redrive requests on this stream; try again");
  }

  /** Applies `change` with compare-and-set; re-reads and retries when another writer got there first. */
  async update(
    id: string,
    change: (job: JobRecord) => JobRecord | undefined,
  ): Promise<JobRecord | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = change(structuredClone(current.job));
      if (!next) return current.job;
      next.updatedAt = new Date().toISOString();
      try {
        await this.kv.update(`job.${id}`, JSON.stringify(next), current.revision);
        return next;
      } catch {
        // revision moved on: try again with the fresh record
      }
    }
    throw new AppError("conflict", `job ${id} is being updated by someone else; try again`);
  }

  /** CAS write with a known revision: false when the record moved on (a cancel, another owner). */
  async tryWrite(job: JobRecord, revision: number): Promise<number | undefined> {
    try {
      job.updatedAt = new Date().toISOString();
      return await this.kv.update(`job.${job.id}`, JSON.stringify(job), revision);
    } catch {
      return undefined;
    }
  }

  totalOf(ranges: SeqRanges): number {
    return countRanges(ranges);
  }
}

/** Why a job cannot have entries `holder` holds (the 409's message, and a planned job's failure reason). */
export function conflictMessage(holder: JobRecord): string {
  return jobIsActive(holder.state)
    ? `redrive job ${holder.id} (${holder.state}, started by ${holder.createdBy}) already holds some of these entries; wait for it or cancel it`
    : `redrive job ${holder.id} holds some of these entries in doubt (they may already have been delivered); send them again or mark them redriven on that job`;
}
