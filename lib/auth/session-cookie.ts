// Signed session cookies: base64url(JSON {u, sid, iat, exp}) + "." + HMAC-SHA256, checked in constant time; the
// session id is then checked against the session store (lib/auth/session-store.ts), so a session can be ended.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "switchyard_session";

/** `id` names the session in the store; cookies from before revocable sessions have none and are refused. */
export type Session = { user: string; id: string; issuedAt: number; expiresAt: number };

const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

function sign(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

export function encodeSession(session: Session, secret: string): string {
  const body = Buffer.from(
    JSON.stringify({ u: session.user, sid: session.id, iat: session.issuedAt, exp: session.expiresAt }),
  ).toString("base64url");
  return `${body}.${sign(body, secret)}`;
}

/** The session, or null when the value is forged, malformed or expired. */
export function decodeSession(
  value: string | undefined,
  secret: string,
  nowMs: number = Date.now(),
): Session | null {
  if (!value || value.length > 1024) return null;
  const dot = value.indexOf(".");
  if (dot < 1) return null;
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = Buffer.from(sign(body, secret), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      u?: unknown;
      sid?: unknown;
      iat?: unknown;
      exp?: unknown;
    };
    if (
      typeof parsed.u !== "string" ||
      typeof parsed.sid !== "string" ||
      !SESSION_ID.test(parsed.sid) ||
      typeof parsed.exp !== "number" ||
      typeof parsed.iat !== "number"
    )
      return null;
    if (parsed.exp <= nowMs) return null;
    return { user: parsed.u, id: parsed.sid, issuedAt: parsed.iat, expiresAt: parsed.exp };
  } catch {
    return null;
  }
}

/** Reads one cookie from a Cookie header without a parser dependency. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`;
}
