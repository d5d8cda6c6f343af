// Runs before every page: a fresh CSP nonce, and the sign-in gate (pages need an identity; the API checks its
// own in authorize()).
import { NextResponse, type NextRequest } from "next/server";
import { hostRefusal } from "@/lib/auth/host-check";
import { identify } from "@/lib/auth/identify";
import { pageCsp } from "@/lib/auth/security-headers";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/core/errors";
import { sameOriginPath } from "@/lib/core/same-origin-path";

const PUBLIC_PAGES = new Set(["/login"]);

function withCsp(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function denied(status: number, text: string, csp: string): NextResponse {
  return withCsp(
    new NextResponse(text, {
      status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    }),
    csp,
  );
}

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const path = request.nextUrl.pathname;

  const { auth: config, port } = getConfig();
  // Before any identity: a page whose name was rebound to this machine gets nothing, not even /login.
  const refusal = hostRefusal(request.headers, config, port);
  if (refusal) return denied(403, refusal, csp);
  // /metrics is gated here too (not only by apiRoute), so it stays closed whichever way it is implemented.
  const openMetrics = path === "/metrics" && config.metricsOpen && request.method === "GET";
  if (!PUBLIC_PAGES.has(path) && !openMetrics) {
    let signedIn = false;
    try {
      signedIn = (await identify(request.headers, config)).actor !== null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 403) return denied(403, error.message, csp);
    }
    if (!signedIn) {
      if (path === "/metrics")
        return denied(401, "send an API token (Authorization: Bearer …) or set auth.metricsOpen", csp);
      if (config.mode === "password") {
        const login = new URL("/login", request.url);
        login.searchParams.set("next", sameOriginPath(path + request.nextUrl.search, request.nextUrl.origin));
        return withCsp(NextResponse.redirect(login), csp);
      }
      return denied(
        401,
        config.mode === "none"
          ? "Sign-in is off on this server, so it only answers clients on the same machine."
          : "Sign in through your organisation's sign-in proxy.",
        csp,
      );
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return withCsp(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
