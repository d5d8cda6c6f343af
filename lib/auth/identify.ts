// Establishes who is calling from request headers: API token, session cookie (its session still live in the
// session store), trusted proxy headers, or local (mode none).
import "server-only";
import { randomBytes } from "node:crypto";
import type { AuthConfig } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { forwardedClient, isLoopback, peerAddress, trustedProxyPeer } from "./addresses";
import { findTokenByHash, findUser } from "./credential-store";
import { hashToken, TOKEN_PREFIX } from "./credentials";
import { roleFromGroups } from "@/lib/core/roles";
import { decodeSession, readCookie, SESSION_COOKIE } from "./session-cookie";
import { sessionIsLive } from "./sessions";

export type Identity = { actor: Actor } | { actor: null; reason: string };

const SECRET = Symbol.for("switchyard.auth.session-secret");
type Holder = { [SECRET]?: string };

/** The configured secret, else one per process (sessions then end at restart and differ between replicas). */
export function sessionSecret(config: AuthConfig): string {
  if (config.sessionSecret) return config.sessionSecret;
  const holder = globalThis as Holder;
  if (!holder[SECRET]) {
    holder[SECRET] = randomBytes(32).toString("base64url");
    if (config.mode === "password")
      console.warn(
        "[auth] no SWITCHYARD_SESSION_SECRET set: using a random one, so sessions end when the server restarts",
      );
  }
  return holder[SECRET];
}

/**
 * The address to record and rate-limit: when a trusted proxy relayed the request, the right-most forwarded
 * address that is not a trusted proxy (a client cannot choose it by sending its own X-Forwarded-For); else the
 * peer.
 */
export function clientAddress(headers: Headers, config: AuthConfig): string | null {
  if (trustedProxyPeer(headers, config))
    return (
      forwardedClient(headers.get("x-forwarded-for"), config.proxy!.trustedAddresses) || peerAddress(headers)
    );
  return peerAddress(headers);
}

function bearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  return match?.[1];
}

/** Throws 401 for a presented but unknown API token (a typo should not fall back to cookie identity). */
export async function identify(headers: Headers, config: AuthConfig): Promise<Identity> {
  const address = clientAddress(headers, config);
  const token = bearerToken(headers);
  if (token !== undefined) {
    const entry =
      token.startsWith(TOKEN_PREFIX) && token.length < 200
        ? findTokenByHash(config.tokensFile, hashToken(token))
        : undefined;
    if (!entry)
      throw new AppError(
        "unauthenticated",
        "the API token is not recognised (create one with npm run token -- create NAME)",
      );
    return { actor: { user: `token:${entry.name}`, role: entry.role, address, via: "token" } };
  }
  switch (config.mode) {
    case "none":
      // Mode none is refused at start unless bound to localhost; this is the second lock on the door.
      return isLoopback(peerAddress(headers))
        ? { actor: { user: "local", role: "admin", address, via: "none" } }
        : {
            actor: null,
            reason: "sign-in is off on this server, so it only answers clients on the same machine",
          };
    case "password": {
      const session = decodeSession(readCookie(headers.get("cookie"), SESSION_COOKIE), sessionSecret(config));
      const user = session ? findUser(config.usersFile, session.user) : undefined;
      if (user && !(await sessionIsLive(config, session!)))
        return { actor: null, reason: "your session has ended; sign in again" };
      return user
        ? { actor: { user: user.name, role: user.role, address, via: "session" } }
        : { actor: null, reason: "sign in first" };
    }
    case "proxy": {
      const proxy = config.proxy!;
      if (!trustedProxyPeer(headers, config))
        return { actor: null, reason: "requests must come through the configured sign-in proxy" };
      const user = headers.get(proxy.userHeader)?.trim() || headers.get(proxy.emailHeader)?.trim();
      if (!user) return { actor: null, reason: `the sign-in proxy sent no ${proxy.userHeader} header` };
      const role = roleFromGroups(
        (headers.get(proxy.groupsHeader) ?? "").split(","),
        proxy.groupRoles,
        proxy.defaultRole,
      );
      if (!role)
        throw new AppError(
          "forbidden",
          `${user} is signed in but none of their groups grants a Switchyard role`,
        );
      return { actor: { user: user.slice(0, 200), role, address, via: "proxy" } };
    }
  }
}
