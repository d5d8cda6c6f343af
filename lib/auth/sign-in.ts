// Password sign-in: rate-limited verification against the users file, issuing a signed session cookie whose
// session is stored in the session store (so sign-out can end it).
import "server-only";
import type { AuthConfig } from "@/lib/config";
import { AppError } from "@/lib/core/errors";
import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { recordAuditBestEffort } from "@/lib/audit/record-audit";
import { findUser } from "./credential-store";
import { hashPassword, verifyPassword } from "./credentials";
import { hashGate, type HashGate } from "./hash-gate";
import { sessionSecret } from "./identify";
import { failureLimiter, type FailureLimiter } from "./rate-limit";
import { encodeSession, sessionCookieHeader } from "./session-cookie";
import { beginSession } from "./sessions";

export const MAX_FAILURES_PER_MINUTE = 5;
/** Password checks running at once per process (each scrypt holds ~128 MiB), and how many may wait for one. */
export const MAX_CONCURRENT_CHECKS = 2;
export const MAX_WAITING_CHECKS = 16;

const LIMITER = Symbol.for("switchyard.auth.login-limiter");
const GATE = Symbol.for("switchyard.auth.hash-gate");
const DUMMY = Symbol.for("switchyard.auth.dummy-hash");
type Holder = { [LIMITER]?: FailureLimiter; [GATE]?: HashGate; [DUMMY]?: Promise<string> };

function limiter(): FailureLimiter {
  const holder = globalThis as Holder;
  holder[LIMITER] ??= failureLimiter(MAX_FAILURES_PER_MINUTE, 60_000);
  return holder[LIMITER];
}

function gate(): HashGate {
  const holder = globalThis as Holder;
  holder[GATE] ??= hashGate(MAX_CONCURRENT_CHECKS, MAX_WAITING_CHECKS);
  return holder[GATE];
}

/** How many password checks this process started (the sign-in race test counts them). */
export function passwordChecks(): { started: number; peak: number } {
  return gate().stats();
}

/** Unknown users still cost one scrypt, so response time does not tell which names exist. */
function dummyHash(): Promise<string> {
  const holder = globalThis as Holder;
  holder[DUMMY] ??= hashPassword("switchyard-dummy-password");
  return holder[DUMMY];
}

export type SignInResult = { user: string; role: string; cookie: string; expiresAt: string };

export async function signIn(
  config: AuthConfig,
  name: string,
  password: string,
  address: string | null,
  secure: boolean,
): Promise<SignInResult> {
  if (config.mode !== "password")
    throw new AppError("conflict", `password sign-in is not enabled (sign-in mode is ${config.mode})`);
  const keys = [`addr:${address ?? "?"}`, `user:${name.toLowerCase()}`];
  // Counted before the hash: of N parallel attempts only as many as the limit has room for are checked.
  const slot = limiter().reserve(keys);
  if (slot.wait > 0) {
    await recordAuditBestEffort(environmentAuditSink, {
      user: name,
      address,
      action: "signin_failed",
      result: "failed",
      detail: { reason: "rate_limited" },
    });
    throw new AppError("rate_limited", `too many failed sign-ins; try again in ${slot.wait} s`);
  }
  const user = findUser(config.usersFile, name);
  const checked = await gate().run(async () =>
    user
      ? await verifyPassword(password, user.hash)
      : (await verifyPassword(password, await dummyHash()), false),
  );
  if (!checked) {
    slot.release(); // never checked: not a failure
    throw new AppError("rate_limited", "too many sign-ins in progress; try again in a few seconds");
  }
  if (!user || !checked.value) {
    await recordAuditBestEffort(environmentAuditSink, {
      user: name,
      address,
      action: "signin_failed",
      result: "failed",
      detail: { reason: user ? "bad_password" : "unknown_user" },
    });
    throw new AppError("unauthenticated", "user name or password is wrong");
  }
  slot.release();
  limiter().reset([`user:${name.toLowerCase()}`]);
  const session = await beginSession(config, user.name);
  const cookie = sessionCookieHeader(
    encodeSession(session, sessionSecret(config)),
    config.sessionTtlSeconds,
    secure,
  );
  await recordAuditBestEffort(environmentAuditSink, {
    user: user.name,
    address,
    action: "signin",
    result: "ok",
    detail: { via: "password", role: user.role },
  });
  return {
    user: user.name,
    role: user.role,
    cookie,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}
