// Client addresses: the socket peer (stamped by scripts/serve.mjs), loopback and trusted-proxy matching.
import type { AuthConfig } from "@/lib/config/load-config";

/** Set by scripts/serve.mjs on every request from the socket; a client-sent value is overwritten there. */
export const PEER_HEADER = "x-switchyard-peer";

/** serve.mjs sets this in its own process, so only then is PEER_HEADER known to be genuine. */
export function peerHeaderTrusted(): boolean {
  return process.env.SWITCHYARD_PEER_STAMPED === "1";
}

export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, "");
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a.toLowerCase();
}

export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  const a = normalizeAddress(address);
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function ipv4ToInt(a: string): number | null {
  const parts = a.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Exact address or IPv4 CIDR match. */
export function addressMatches(address: string, rule: string): boolean {
  const a = normalizeAddress(address);
  const [base, bits] = rule.split("/");
  if (bits === undefined) return a === normalizeAddress(rule);
  const ai = ipv4ToInt(a);
  const bi = ipv4ToInt(base ?? "");
  const n = Number(bits);
  if (ai === null || bi === null || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (ai & mask) >>> 0 === (bi & mask) >>> 0;
}

/**
 * The socket peer. Behind scripts/serve.mjs it is exact; under a bare `next start`/`next dev` only
 * x-forwarded-for is available, which Next fills from the socket unless the client sent one.
 */
export function peerAddress(headers: Headers): string | null {
  if (peerHeaderTrusted()) return headers.get(PEER_HEADER) || null;
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}

/** The socket peer when it is one of the configured trusted proxies, else null. */
export function trustedProxyPeer(headers: Headers, config: AuthConfig): string | null {
  const peer = peerAddress(headers);
  if (!peer || !config.proxy) return null;
  return config.proxy.trustedAddresses.some((rule) => addressMatches(peer, rule)) ? peer : null;
}

/**
 * The client behind a chain of trusted proxies: the right-most X-Forwarded-For entry that is not a trusted
 * proxy. Proxies append what they saw, so entries left of that are the client's own claims; when every entry is
 * a trusted proxy, the left-most is the earliest hop. Null when the header holds no entry.
 */
export function forwardedClient(forwardedFor: string | null, trusted: readonly string[]): string | null {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.some((rule) => addressMatches(hop, rule))) return hop.slice(0, 100);
  }
  return hops[0]?.slice(0, 100) ?? null;
}
