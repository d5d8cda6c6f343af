// Test harness that finds every API route under app/api and calls its handlers in-process with a chosen
// config and identity.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { hashPassword, hashToken, newApiToken } from "@/lib/auth/credentials";
import { encodeSession, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { beginSession } from "@/lib/auth/sessions";
import { CSRF_HEADER } from "@/lib/dto/auth";
import type { Permission, Role } from "@/lib/core/actor";
import { loadConfig, type SwitchyardConfig } from "@/lib/config/load-config";
import { environmentConnection } from "@/lib/nats/registry";
import { waitFor } from "./use-nats-server";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
type Handler = ((
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>) & { permission?: Permission; maxBodyBytes?: number };

export type DiscoveredRoute = {
  path: string;
  file: string;
  method: Method;
  handler: Handler;
  params: string[];
};

const API_DIR = join(process.cwd(), "app", "api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** Every exported HTTP method of every app/api/**\/route.ts, so a new route is covered without editing tests. */
export async function discoverRoutes(): Promise<DiscoveredRoute[]> {
  const routes: DiscoveredRoute[] = [];
  for (const file of routeFiles(API_DIR).sort()) {
    const path = "/api/" + relative(API_DIR, file).split(sep).slice(0, -1).join("/");
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const params = [...path.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
    for (const method of METHODS)
      if (typeof mod[method] === "function")
        routes.push({ path, file, method, handler: mod[method] as Handler, params });
  }
  return routes;
}

export type Identity = "anonymous" | Role | `token:${Role}`;

export type AuthFixture = {
  config: SwitchyardConfig;
  headersFor(identity: Identity): Record<string, string>;
  passwords: Record<Role, string>;
};

const CONFIG_KEY = Symbol.for("switchyard.config");
let renewSessions: (() => Promise<void>) | undefined;

/**
 * Writes users and tokens files (one per role), builds a password-mode config against natsUrl and installs it
 * as the process config.
 */
export async function installAuthFixture(
  natsUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<AuthFixture> {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-auth-"));
  const roles: Role[] = ["viewer", "operator", "admin"];
  const passwords = {
    viewer: "viewer-password-1",
    operator: "operator-password-1",
    admin: "admin-password-1",
  } as Record<Role, string>;
  const tokens = Object.fromEntries(roles.map((r) => [r, newApiToken()])) as Record<Role, string>;
  const users = await Promise.all(roles.map(async (r) => `${r}:${r}:${await hashPassword(passwords[r])}`));
  writeFileSync(join(dir, "users.txt"), users.join("\n") + "\n");
  writeFileSync(
    join(dir, "tokens.txt"),
    roles.map((r) => `${r}-token:${r}:${hashToken(tokens[r])}`).join("\n") + "\n",
  );
  const secret = "test-session-secret-0123456789abcdef";
  const config = loadConfig(
    {
      NATS_URL: natsUrl,
      SWITCHYARD_ENV_NAME: "test",
      SWITCHYARD_AUTH: "password",
      SWITCHYARD_USERS_FILE: join(dir, "users.txt"),
      SWITCHYARD_TOKENS_FILE: join(dir, "tokens.txt"),
      SWITCHYARD_SESSION_SECRET: secret,
      SWITCHYARD_POLL_INTERVAL_MS: "60000",
      ...extraEnv,
    } as unknown as NodeJS.ProcessEnv,
    dir,
  );
  (globalThis as Record<symbol, unknown>)[CONFIG_KEY] = config;
  // As at server boot (instrumentation starts the collectors): connected before the first request.
  await waitFor(() => environmentConnection("test").status().state === "connected", {
    what: "the environment connection",
  });
  // Real sessions in the session store, as sign-in makes them (a cookie alone no longer signs anyone in).
  const cookies = {} as Record<Role, string>;
  const signInAll = async () => {
    for (const r of roles) cookies[r] = encodeSession(await beginSession(config.auth, r), secret);
  };
  await signInAll();
  // A call to the sign-out route ends a fixture session; later calls get fresh ones (a cookie copied before
  // still names the ended session).
  renewSessions = signInAll;
  const base = {
    host: "localhost:3000",
    origin: "http://localhost:3000",
    [CSRF_HEADER]: "1",
    "x-forwarded-for": "10.9.8.7",
  };
  return {
    config,
    passwords,
    headersFor(identity) {
      if (identity === "anonymous") return { ...base };
      if (identity.startsWith("token:"))
        return { ...base, authorization: `Bearer ${tokens[identity.slice(6) as Role]}` };
      return { ...base, cookie: `${SESSION_COOKIE}=${cookies[identity as Role]}` };
    },
  };
}

/** Calls a handler as Next would: URL with the params filled in, params as the decoded values. */
export async function callRoute(
  route: DiscoveredRoute,
  options: {
    params: Record<string, string>;
    headers?: Record<string, string>;
    /** A stream is sent as it is read (chunked, no Content-Length unless `headers` declares one). */
    body?: string | ReadableStream<Uint8Array>;
    query?: string;
  },
): Promise<Response> {
  let path = route.path;
  for (const [name, value] of Object.entries(options.params))
    path = path.replace(`[${name}]`, encodeURIComponent(value.toWellFormed()));
  const request = new Request(`http://localhost:3000${path}${options.query ?? ""}`, {
    method: route.method,
    headers: options.headers,
    body: route.method === "GET" ? undefined : options.body,
    ...(options.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await route.handler(request, { params: Promise.resolve(options.params) });
  if (route.path === "/api/auth/logout") await renewSessions?.();
  return response;
}
