import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * App liveness plus each environment's NATS status; 200 while the app runs, `status` says whether NATS is
 * reachable.
 */
export function GET() {
  const environments = getConfig().environments.map((env) => environmentConnection(env.name).status());
  const allConnected = environments.every((e) => e.state === "connected");
  return NextResponse.json({ status: allConnected ? "ok" : "degraded", environments });
}
