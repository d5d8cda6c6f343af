import { NextResponse } from "next/server";
import { z } from "zod";
import { signOut } from "@/lib/auth/sign-out";
import { clearSessionCookieHeader } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the browser's session on every replica (a copied cookie stops working) and clears the cookie. */
export const POST = apiRoute({ params: z.object({}), permission: "public" }, async ({ actor, request }) => {
  const response = NextResponse.json(await signOut(getConfig().auth, request.headers, actor));
  response.headers.set(
    "Set-Cookie",
    clearSessionCookieHeader(request.headers.get("x-forwarded-proto") === "https"),
  );
  return response;
});
