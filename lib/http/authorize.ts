// The single gate every API route passes: refuses hosts it does not answer as (DNS rebinding), establishes the
// Actor, refuses cross-site mutations and checks the route's permission.
import "server-only";
import { isMutation, checkCsrf } from "@/lib/auth/csrf";
import { hostRefusal, requestHost } from "@/lib/auth/host-check";
import { clientAddress, identify } from "@/lib/auth/identify";
import { roleAllows } from "@/lib/core/roles";
import { getConfig } from "@/lib/config";
import type { Actor, Permission } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordRefusal } from "@/lib/audit/record-refused";

/** Paths that `auth.metricsOpen` leaves readable without credentials. */
const OPENABLE = new Set(["/metrics", "/api/metrics"]);

export async function authorize(request: Request, permission: Permission): Promise<Actor> {
  const seen: { actor: Actor | null } = { actor: null };
  try {
    return await check(request, permission, seen);
  } catch (error) {
    if (
      isMutation(request.method) &&
      error instanceof AppError &&
      (error.status === 401 || error.status === 403)
    )
      auditRefusal(request, error, seen.actor);
    throw error;
  }
}

/** Refused mutations are audited (rate-limited per caller), in the environment the path names when it has one. */
function auditRefusal(request: Request, error: AppError, actor: Actor | null): void {
  const config = getConfig();
  const path = new URL(request.url).pathname;
  const named = /^\/api\/env\/([^/]+)\//.exec(path)?.[1];
  const environment = config.environments.some((e) => e.name === named) ? named : undefined;
  recordRefusal({
    actor,
    address: clientAddress(request.headers, config.auth),
    method: request.method,
    path,
    status: error.status,
    reason: error.status === 401 ? "unauthenticated" : /cross-site/.test(error.message) ? "csrf" : "role",
    message: error.message,
    environment,
  });
}

async function check(
  request: Request,
  permission: Permission,
  seen: { actor: Actor | null },
): Promise<Actor> {
  const { auth: config, port } = getConfig();
  const headers = request.headers;
  const refusal = hostRefusal(headers, config, port);
  if (refusal) throw new AppError("forbidden", refusal);
  const identity = await identify(headers, config);
  seen.actor = identity.actor;
  // API tokens are not sent by browsers on their own, so token calls cannot be forged cross-site.
  if (isMutation(request.method) && identity.actor?.via !== "token")
    checkCsrf(headers, requestHost(headers, config));
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
