// Password sign-in: rate-limited verification against the users file, issuing a signed session cookie.
import "server-only";
import type { AuthConfig } from "@/lib/config";
import { AppError } from "@/lib/core/errors";
import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { recordAuditBestEffort } from "@/lib/audit/record-audit";
import { findUser } from "./credential-store";
import { hashPassword, verifyPassword } from "./credentials";
import { sessionSecret } from "./identify";
import { failureLimiter, type FailureLimiter } from "./rate-limit";
import { encodeSession, sessionCookieHeader } from "./session-cookie";

export const MAX_FAILURES_PER_MINUTE = 5;

const LIMITER = Symbol.for("switchyard.auth.login-limiter");
const DUMMY = Symbol.for("switchyard.auth.dummy-hash");
type Holder = { [LIMITER]?: FailureLimiter; [DUMMY]?: Promise<string> };

function limiter(): FailureLimiter {
  const holder = globalThis as Holder;
  holder[LIMITER] ??= failureLimiter(MAX_FAILURES_PER_MINUTE, 60_000);
  return holder[LIMITER];
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
  const wait = limiter().check(keys);
  if (wait > 0) {
    await recordAuditBestEffort(environmentAuditSink, {
      user: name,
      address,
      action: "signin_failed",
      result: "failed",
      detail: { reason: "rate_limited" },
    });
    throw new AppError("rate_limited", `too many failed sign-ins; try again in ${wait} s`);
  }
  const user = findUser(config.usersFile, name);
  const ok = user
    ? await verifyPassword(password, user.hash)
    : (await verifyPassword(password, await dummyHash()), false);
  if (!user || !ok) {
    limiter().fail(keys);
    await recordAuditBestEffort(environmentAuditSink, {
      user: name,
      address,
      action: "signin_failed",
      result: "failed",
      detail: { reason: user ? "bad_password" : "unknown_user" },
    });
    throw new AppError("unauthenticated", "user name or password is wrong");
  }
  limiter().reset([`user:${name.toLowerCase()}`]);
  const now = Date.now();
  const expiresAt = now + config.sessionTtlSeconds * 1000;
  const cookie = sessionCookieHeader(
    encodeSession({ user: user.name, issuedAt: now, expiresAt }, sessionSecret(config)),
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
  return { user: user.name, role: user.role, cookie, expiresAt: new Date(expiresAt).toISOString() };
}
