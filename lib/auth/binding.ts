// Refuses a configuration that would show payloads and allow mutations to anyone on the network.
import type { AuthMode } from "@/lib/config/load-config";

const LOCAL_HOSTS = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

export function isLocalHost(host: string): boolean {
  return LOCAL_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** One line explaining the refusal, or null when the binding is safe. */
export function unsafeBinding(mode: AuthMode, host: string): string | null {
  if (mode !== "none" || isLocalHost(host)) return null;
  return `Refusing to start: sign-in is off (SWITCHYARD_AUTH=none) but HOST=${host} would let anyone on the network read payloads and run actions. Set SWITCHYARD_AUTH=password (or proxy), or bind to this machine only with HOST=127.0.0.1.`;
}
