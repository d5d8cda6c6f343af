import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { environmentConnection } from "@/lib/nats/registry";
import { serviceProblems } from "@/lib/metrics/service-problems";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * App liveness plus each environment's NATS status; 200 while the app runs. `status` is `degraded` when NATS is
 * unreachable or one of Switchyard's own services cannot run (e.g. dead-letter capture), each listed in `problems`.
 */
export function GET() {
  const environments = getConfig().environments.map((env) => ({
    ...environmentConnection(env.name).status(),
    problems: serviceProblems(env.name).map(([id, p]) => ({ id, severity: p.severity, title: p.title })),
  }));
  const healthy = environments.every(
    (e) => e.state === "connected" && !e.problems.some((p) => p.severity === "critical"),
  );
  return NextResponse.json({ status: healthy ? "ok" : "degraded", environments });
}
