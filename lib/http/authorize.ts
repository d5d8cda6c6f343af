// The single gate every API route passes: establishes the Actor, refuses cross-site mutations and checks the
// route's permission.
import "server-only";
import { isMutation, checkCsrf } from "@/lib/auth/csrf";
import { clientAddress, identify } from "@/lib/auth/identify";
import { roleAllows } from "@/lib/core/roles";
import { getConfig } from "@/lib/config";
import type { Actor, Permission } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";

/** Paths that `auth.metricsOpen` leaves readable without credentials. */
const OPENABLE = new Set(["/metrics", "/api/metrics"]);

export async function authorize(request: Request, permission: Permission): Promise<Actor> {
  const config = getConfig().auth;
  const headers = request.headers;
  const identity = identify(headers, config);
  // API tokens are not sent by browsers on their own, so token calls cannot be forged cross-site.
  if (isMutation(request.method) && identity.actor?.via !== "token") checkCsrf(headers);
  if (permission === "public")
    return (
      identity.actor ?? {
        user: "anonymous",
        role: "viewer",
        address: clientAddress(headers, config),
        via: "none",
      }
    );
  if (!identity.actor) {
    if (config.metricsOpen && request.method === "GET" && OPENABLE.has(new URL(request.url).pathname)) {
      return { user: "anonymous", role: "viewer", address: clientAddress(headers, config), via: "none" };
    }
    throw new AppError("unauthenticated", identity.reason);
  }
  if (!roleAllows(identity.actor.role, permission)) {
    throw new AppError(
      "forbidden",
      `${identity.actor.user} is ${identity.actor.role}; this needs the ${permission === "read" ? "viewer" : permission === "operate" ? "operator" : "admin"} role`,
    );
  }
  return identity.actor;
}
