import { NextResponse } from "next/server";
import { z } from "zod";
import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { recordAuditBestEffort } from "@/lib/audit/record-audit";
import { clearSessionCookieHeader } from "@/lib/auth/session-cookie";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the browser's session (clears the cookie). */
export const POST = apiRoute({ params: z.object({}), permission: "public" }, async ({ actor, request }) => {
  if (actor.via === "session")
    await recordAuditBestEffort(environmentAuditSink, {
      user: actor.user,
      address: actor.address,
      action: "signout",
      result: "ok",
    });
  const response = NextResponse.json({ signedOut: true });
  response.headers.set(
    "Set-Cookie",
    clearSessionCookieHeader(request.headers.get("x-forwarded-proto") === "https"),
  );
  return response;
});
