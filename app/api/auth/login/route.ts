import { NextResponse } from "next/server";
import { z } from "zod";
import { signIn } from "@/lib/auth/sign-in";
import { getConfig } from "@/lib/config";
import { signInBody } from "@/lib/dto/auth";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Password sign-in: sets the session cookie. Rate-limited per address and user; every attempt is audited. */
export const POST = apiRoute(
  { params: z.object({}), body: signInBody, permission: "public", maxBodyBytes: 4096 },
  async ({ body, actor, request }) => {
    const secure = request.headers.get("x-forwarded-proto") === "https";
    const result = await signIn(getConfig().auth, body.user, body.password, actor.address, secure);
    const response = NextResponse.json({ user: result.user, role: result.role, expiresAt: result.expiresAt });
    response.headers.set("Set-Cookie", result.cookie);
    return response;
  },
);
