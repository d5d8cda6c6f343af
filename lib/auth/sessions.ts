// This process's sessions: stored in the default environment (where sign-in audit records go too), checked on
// every request through a live view of the bucket, with one direct read for ids the view has not seen.
import "server-only";
import type { KV } from "@nats-io/kv";
import type { AuthConfig } from "@/lib/config";
import { defaultEnvironmentName, environmentConnection } from "@/lib/nats/registry";
import type { Session } from "./session-cookie";
import {
  createSession,
  deleteSession,
  openSessionBucket,
  sessionIsStored,
  SessionView,
} from "./session-store";

const KEY = Symbol.for("switchyard.auth.sessions");
type State = { ttlMs: number; bucket?: { nc: unknown; kv: Promise<KV> }; view?: SessionView };
type Holder = { [KEY]?: State };

function state(config: AuthConfig): State {
  const holder = globalThis as Holder;
  const ttlMs = config.sessionTtlSeconds * 1000;
  if (!holder[KEY] || holder[KEY].ttlMs !== ttlMs) {
    holder[KEY]?.view?.stop();
    holder[KEY] = { ttlMs };
  }
  return holder[KEY];
}

/** The bucket on the default environment's live connection (503 AppError when NATS is down). */
function bucket(config: AuthConfig): Promise<KV> {
  const s = state(config);
  const nc = environmentConnection(defaultEnvironmentName()).connection();
  if (s.bucket?.nc !== nc) {
    const kv = openSessionBucket(nc, s.ttlMs);
    kv.catch(() => {
      if (s.bucket?.kv === kv) s.bucket = undefined;
    });
    s.bucket = { nc, kv };
  }
  return s.bucket.kv;
}

function view(config: AuthConfig): SessionView {
  const s = state(config);
  s.view ??= new SessionView(() => bucket(config)).start();
  return s.view;
}

/** Stores a new session for a signed-in user (throws 503 when the store is unreachable). */
export async function beginSession(config: AuthConfig, user: string): Promise<Session> {
  const session = await createSession(await bucket(config), user, config.sessionTtlSeconds * 1000);
  view(config).note(session.user, session.id, session.expiresAt, true);
  return session;
}

/** Ends one session on every replica; this process refuses it at once even if the store cannot be reached. */
export async function endSession(config: AuthConfig, session: Session): Promise<void> {
  view(config).note(session.user, session.id, session.expiresAt, false);
  await deleteSession(await bucket(config), session.user, session.id);
}

/**
 * Whether a (signature-checked, unexpired) cookie's session is live. Seen by the view: answered in memory — also
 * while NATS is down, so signed-in people still see "NATS unreachable" pages (a sign-out elsewhere during the
 * outage reaches this replica when the watch resumes). Not seen: one direct read; unreachable store: refused.
 */
export async function sessionIsLive(
  config: AuthConfig,
  session: Session,
  nowMs = Date.now(),
): Promise<boolean> {
  const v = view(config);
  const answer = v.answer(session.user, session.id, nowMs);
  if (answer !== "unknown") return answer === "active";
  try {
    const live = await sessionIsStored(await bucket(config), session.user, session.id, nowMs);
    // A miss is final (the cookie was issued only after its session was stored): later requests skip the read.
    v.note(session.user, session.id, session.expiresAt, live);
    return live;
  } catch {
    return false;
  }
}
