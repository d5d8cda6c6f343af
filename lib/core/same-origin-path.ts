// Where to send a browser after sign-in: a `next` value resolved by the URL parser against this server's origin,
// kept only when it stays on that origin. Pure and browser-safe (the login page, its form and proxy.ts share it).

const FALLBACK = "/";
const MAX_LENGTH = 2048;
/** Anything the URL parser or a browser might read differently: controls, backslashes, a leading "//". */
function ambiguous(value: string): boolean {
  if (value.startsWith("//") || value.includes("\\")) return true;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The path (with query and fragment) `next` names on `origin`, or "/" when it names another origin, is not a
 * path, or would be read as one elsewhere. The result is plain ASCII, so it is always a valid Location.
 */
export function sameOriginPath(next: string | string[] | null | undefined, origin: string): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== "string" || !value.startsWith("/") || value.length > MAX_LENGTH) return FALLBACK;
  if (ambiguous(value)) return FALLBACK;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base.origin || !/^https?:$/.test(url.protocol)) return FALLBACK;
  // Dot segments can turn "/.//host" into "//host", which a browser would read as another origin.
  const path = url.pathname + url.search + url.hash;
  return ambiguous(path) || !path.startsWith("/") ? FALLBACK : path;
}
