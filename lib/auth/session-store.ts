// Sessions in a JetStream KV bucket (docs/architecture.md §10): a session lives while its key does, so signing out
// on one replica ends it on all of them; a live view (a KV watch) answers most checks without a request.
import { randomBytes } from "node:crypto";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import { jetstreamManager } from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";
import type { Session } from "./session-cookie";

export const SESSION_BUCKET = "SWITCHYARD_SESSIONS";
/** ~100 bytes a session: room for ~100k live sessions; beyond that sign-in fails rather than the stream growing. */
const BUCKET_BYTES = 16 * 1024 * 1024;

type Stored = { user: string; issuedAt: number; expiresAt: number };

/** Keys allow [-/_=.A-Za-z0-9]; user names may hold '@', so the name is base64url-encoded. */
function userPrefix(user: string): string {
  return `u_${Buffer.from(user, "utf8").toString("base64url") || "_"}`;
}

export function sessionKey(user: string, id: string): string {
  return `${userPrefix(user)}.${id}`;
}

export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Opens (creating when missing) the bucket: history 1, entries live `ttlMs` (the session lifetime), sized small.
 * A changed lifetime is applied to an existing bucket.
 */
export async function openSessionBucket(nc: NatsConnection, ttlMs: number): Promise<KV> {
  const kv = await new Kvm(nc).create(SESSION_BUCKET, {
    history: 1,
    ttl: ttlMs,
    max_bytes: BUCKET_BYTES,
    description: "Switchyard sign-in sessions (one key per session; deleted at sign-out)",
  });
  const status = await kv.status();
  if (status.ttl !== ttlMs) {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(`KV_${SESSION_BUCKET}`);
    await jsm.streams.update(`KV_${SESSION_BUCKET}`, { ...info.config, max_age: nanos(ttlMs) });
  }
  return kv;
}

/** Stores a new session for `user`; the caller puts its id in the signed cookie. */
export async function createSession(
  kv: KV,
  user: string,
  ttlMs: number,
  nowMs = Date.now(),
): Promise<Session> {
  const session: Session = { user, id: newSessionId(), issuedAt: nowMs, expiresAt: nowMs + ttlMs };
  const stored: Stored = { user, issuedAt: session.issuedAt, expiresAt: session.expiresAt };
  await kv.create(sessionKey(user, session.id), JSON.stringify(stored));
  return session;
}

export async function deleteSession(kv: KV, user: string, id: string): Promise<void> {
  await kv.delete(sessionKey(user, id));
}

/** Ends every session of `user` (admin sign-out); returns how many were live. */
export async function deleteUserSessions(kv: KV, user: string): Promise<number> {
  const keys: string[] = [];
  for await (const key of await kv.keys(`${userPrefix(user)}.*`)) keys.push(key);
  for (const key of keys) await kv.delete(key);
  return keys.length;
}

function liveEntry(entry: KvEntry | null, user: string, nowMs: number): boolean {
  if (!entry || entry.operation !== "PUT" || entry.length === 0) return false;
  try {
    const stored = entry.json<Stored>();
    return stored.user === user && stored.expiresAt > nowMs;
  } catch {
    return false;
  }
}

/** One direct read: is the session still in the bucket? */
export async function sessionIsStored(
  kv: KV,
  user: string,
  id: string,
  nowMs = Date.now(),
): Promise<boolean> {
  return liveEntry(await kv.get(sessionKey(user, id)), user, nowMs);
}

export type ViewAnswer = "active" | "ended" | "unknown";

/**
 * A process's live copy of the bucket, fed by a KV watch that every replica runs. It is an accelerator: what it
 * has seen it answers synchronously; anything else is "unknown" and the caller reads the bucket directly. When
 * the watch breaks (NATS down) it keeps what it saw and restarts the watch once it can.
 */
export class SessionView {
  private readonly entries = new Map<string, { user: string; expiresAt: number; live: boolean }>();
  private stopped = false;
  private watching = false;
  private stopWatch?: () => void;
  private wake?: () => void;

  constructor(
    private readonly openBucket: () => Promise<KV>,
    private readonly retryMs = 1000,
  ) {}

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
    this.wake?.();
  }

  /** True while the watch is running (entries arrive as they are written). */
  get live(): boolean {
    return this.watching;
  }

  answer(user: string, id: string, nowMs = Date.now()): ViewAnswer {
    const entry = this.entries.get(sessionKey(user, id));
    if (!entry) return "unknown";
    return entry.live && entry.user === user && entry.expiresAt > nowMs ? "active" : "ended";
  }

  /** What this process learned itself (a direct read, its own sign-out) before the watch brings it. */
  note(user: string, id: string, expiresAt: number, live: boolean): void {
    this.entries.set(sessionKey(user, id), { user, expiresAt, live });
  }

  private apply(entry: KvEntry, nowMs: number): void {
    if (entry.operation === "PUT" && entry.length > 0) {
      try {
        const stored = entry.json<Stored>();
        this.entries.set(entry.key, { user: stored.user, expiresAt: stored.expiresAt, live: true });
      } catch {
        // not a session record
      }
    } else {
      const known = this.entries.get(entry.key);
      // Deletion markers carry no expiry: keep the "ended" answer until the bucket forgets the key anyway.
      this.entries.set(entry.key, {
        user: known?.user ?? "",
        expiresAt: known?.expiresAt ?? nowMs + 24 * 3600_000,
        live: false,
      });
    }
    if (this.entries.size % 1024 === 0) this.prune(nowMs);
  }

  private prune(nowMs: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= nowMs) this.entries.delete(key);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const kv = await this.openBucket();
        const watch = await kv.watch({ key: ">" });
        this.stopWatch = () => watch.stop();
        this.watching = true;
        for await (const entry of watch) this.apply(entry, Date.now());
      } catch {
        // NATS unreachable or the bucket missing: keep what we saw, try again
      } finally {
        this.watching = false;
        this.stopWatch = undefined;
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        timer.unref?.();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
