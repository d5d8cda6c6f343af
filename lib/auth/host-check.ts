// Which host a request may address: loopback at the served port in mode none (so a DNS-rebound name is refused),
// the configured public origins in any mode that sets them. Forwarded host/proto count only from a trusted proxy.
import type { AuthConfig } from "@/lib/config/load-config";
import { isLocalHost } from "./binding";
import { trustedProxyPeer } from "./addresses";

/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing a URL parser could read otherwise. */
const HOST_SYNTAX = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

function firstValue(value: string | null): string | null {
  return value?.split(",")[0]?.trim() || null;
}

/** The host the client addressed: X-Forwarded-Host when a trusted proxy relayed the request, else Host. */
export function requestHost(headers: Headers, config: AuthConfig): string | null {
  const forwarded = trustedProxyPeer(headers, config) ? firstValue(headers.get("x-forwarded-host")) : null;
  return forwarded ?? (headers.get("host")?.trim() || null);
}

/** The scheme a trusted proxy says the client used ("http" / "https"), or null when no trusted proxy said. */
export function forwardedProto(headers: Headers, config: AuthConfig): string | null {
  if (!trustedProxyPeer(headers, config)) return null;
  return firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() ?? null;
}

/** The host as a URL parses it (lower case, IPv4 normalised, the scheme's default port dropped), or null. */
function parseHost(host: string, scheme: string): URL | null {
  if (!HOST_SYNTAX.test(host)) return null;
  try {
    return new URL(`${scheme}//${host}`);
  } catch {
    return null;
  }
}

function matchesOrigin(host: string, proto: string | null, origin: string): boolean {
  const allowed = new URL(origin);
  if (proto && `${proto}:` !== allowed.protocol) return false;
  return parseHost(host, allowed.protocol)?.host === allowed.host;
}

/** Loopback by name or address, at the port the server listens on (80 when the Host names none). */
function isLoopbackAtPort(host: string, servedPort: number): boolean {
  const url = parseHost(host, "http:");
  if (!url) return false;
  return isLocalHost(url.hostname) && Number(url.port || 80) === servedPort;
}

/**
 * Why this request's host is refused, or null when it may be answered. Mode none answers only loopback names at
 * the served port (plus any configured public origin, e.g. an SSH tunnel's); other modes check the configured
 * public origins when there are any, and accept any host otherwise.
 */
export function hostRefusal(headers: Headers, config: AuthConfig, servedPort: number): string | null {
  const origins = config.publicOrigins ?? [];
  if (config.mode !== "none" && origins.length === 0) return null;
  const host = requestHost(headers, config);
  if (!host || !HOST_SYNTAX.test(host)) return "refused: the request names no valid host";
  const proto = forwardedProto(headers, config);
  if (origins.some((origin) => matchesOrigin(host, proto, origin))) return null;
  if (config.mode === "none" && isLoopbackAtPort(host, servedPort)) return null;
  const expected =
    config.mode === "none"
      ? [`http://localhost:${servedPort}`, `http://127.0.0.1:${servedPort}`, ...origins]
      : origins;
  return `refused: this server answers only as ${expected.join(", ")}, not as ${host}`;
}
