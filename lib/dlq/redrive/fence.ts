// The fence of a redrive job (docs/decisions.md, "Crash-safe redrive"): the positions whose work may not be durable
// yet, stored in the job before anything in them is published, with what is needed to verify that work after a NATS
// restart, a fail-over or a crash: the server the work went to and each target stream's last sequence before it.
import type { JetStreamManager } from "@nats-io/jetstream";

export type FenceTarget = {
  /** The stream's last sequence before this job published into it inside the window. */
  seq: number;
  leader: string | null;
  replicas: number;
  dupWindowMs: number;
};

export type Fence = {
  /** server_id the connection was on when the window opened; a new id means the server restarted or failed over. */
  serverId: string;
  /** Positions [from, to) of the job's snapshot may hold work that is not known durable. */
  from: number;
  to: number;
  /** When the window opened: everything in it was published after this (ms). */
  at: number;
  /** Entries at or past `done` were published after this (ms): the settle before the last one. */
  pendingSince: number;
  targets: Record<string, FenceTarget>;
  /** [position, DLQ seq] of window entries settled without being moved (failed, skipped, in doubt). */
  kept: [number, number][];
};

/** A fence candidate captured before a chunk was published: the window may move up to `pos` once `at` is durable. */
export type FenceSnapshot = Pick<Fence, "serverId" | "at" | "targets"> & { pos: number };

/**
 * How long a single nats-server may still lose an acknowledged write or delete after kill -9 (2.9 writes its
 * index of deletes lazily; see decisions.md): the window keeps work this recent.
 */
export const DURABLE_MS = 150_000;
/** How often a snapshot is taken while a job runs. */
export const SNAPSHOT_MS = 5_000;
/** Margin kept from a stream's duplicate window before its de-duplication is trusted. */
export const DEDUPE_MARGIN_MS = 10_000;

export async function targetInfo(jsm: JetStreamManager, stream: string): Promise<FenceTarget> {
  const info = await jsm.streams.info(stream);
  return {
    seq: info.state.last_seq,
    leader: info.cluster?.leader ?? null,
    replicas: info.config.num_replicas ?? 1,
    dupWindowMs: Math.floor((info.config.duplicate_window ?? 120_000_000_000) / 1_000_000),
  };
}

export function openFence(serverId: string, done: number, now: number): Fence {
  return { serverId, from: done, to: done, at: now, pendingSince: now, targets: {}, kept: [] };
}

/** The fence widened to cover positions up to `to` and the given targets (earlier target sequences are kept). */
export function widenFence(fence: Fence, to: number, targets: Record<string, FenceTarget>): Fence {
  return { ...fence, to: Math.max(fence.to, to), targets: { ...targets, ...fence.targets } };
}

/**
 * Moves the window's start up to the newest snapshot that is old enough to be durable and that the job has
 * settled past; returns the fence unchanged when there is none.
 */
export function advanceFence(
  fence: Fence,
  snapshots: FenceSnapshot[],
  done: number,
  now: number,
  durableMs = DURABLE_MS,
): Fence {
  let best: FenceSnapshot | undefined;
  for (const s of snapshots) if (s.at <= now - durableMs && s.pos <= done && s.pos > fence.from) best = s;
  if (!best) return fence;
  return {
    ...fence,
    serverId: best.serverId,
    from: best.pos,
    at: best.at,
    targets: { ...fence.targets, ...best.targets },
    kept: fence.kept.filter(([pos]) => pos >= best.pos),
  };
}

/**
 * Whether a target's de-duplication still covers the window's work: the same server (nothing restarted, its memory
 * of Nats-Msg-Ids is whole) or a replicated stream whose leader stayed, and all within the duplicate window.
 */
export function dedupeTrusted(
  fence: Fence,
  serverId: string,
  before: FenceTarget,
  current: FenceTarget,
  now: number,
): boolean {
  if (fence.serverId === serverId) return now - fence.pendingSince + DEDUPE_MARGIN_MS < current.dupWindowMs;
  return (
    before.replicas > 1 &&
    current.replicas > 1 &&
    before.leader !== null &&
    current.leader === before.leader &&
    now - fence.at + DEDUPE_MARGIN_MS < current.dupWindowMs
  );
}
