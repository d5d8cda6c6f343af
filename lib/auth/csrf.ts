// CSRF defence for cookie- and locality-based identity: same-origin check plus a header no form can send.
import { CSRF_HEADER } from "@/lib/dto/auth";
import { AppError } from "@/lib/core/errors";

export { CSRF_HEADER };

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutation(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

/**
 * Throws 403 unless the request is same-origin (Origin matches Host, or Sec-Fetch-Site says so) and
 * carries the custom header, which cross-site forms cannot set and cross-site fetch cannot without a
 * CORS preflight this server never grants. `host` is the one the client addressed (X-Forwarded-Host only from a
 * trusted proxy: `requestHost` in host-check.ts).
 */
export function checkCsrf(headers: Headers, host: string | null = headers.get("host")): void {
  if (headers.get(CSRF_HEADER) !== "1")
    throw new AppError(
      "forbidden",
      `cross-site request refused: send the ${CSRF_HEADER}: 1 header from the same origin`,
    );
  const origin = headers.get("origin");
  if (origin && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError("forbidden", "cross-site request refused: malformed Origin header");
    }
    if (originHost !== host)
      throw new AppError("forbidden", `cross-site request refused: origin ${origin} is not this server`);
    return;
  }
  if (origin === "null") throw new AppError("forbidden", "cross-site request refused: opaque origin");
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw new AppError("forbidden", `cross-site request refused: Sec-Fetch-Site ${site}`);
}
