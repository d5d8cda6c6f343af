import { z } from "zod";
import { getOverview } from "@/lib/collector/queries";
import { getConfig } from "@/lib/config";
import { apiRoute } from "@/lib/http/route";
import { renderPrometheus } from "@/lib/metrics/prometheus";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: every environment's latest figures (no NATS request per scrape). */
export const GET = apiRoute({ params: z.object({}) }, async () => {
  const overviews = await Promise.all(getConfig().environments.map((env) => getOverview(env.name)));
  const { body, contentType } = await renderPrometheus(overviews);
  return new Response(body, { headers: { "Content-Type": contentType } });
});
