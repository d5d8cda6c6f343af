import { z } from "zod";
import { getOverview } from "@/lib/collector/queries";
import { getConfig } from "@/lib/config";
import { apiRoute } from "@/lib/http/route";
import { renderPrometheus, renderToolMetrics } from "@/lib/metrics/prometheus";
import { toolMonitorFor } from "@/lib/tools/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: every environment's latest figures (no NATS request per scrape). */
export const GET = apiRoute({ params: z.object({}) }, async () => {
  const overviews = await Promise.all(getConfig().environments.map((env) => getOverview(env.name)));
  const { body, contentType } = await renderPrometheus(overviews);
  const tools = renderToolMetrics(
    getConfig().environments.flatMap((env) => toolMonitorFor(env.name).metricsSamples()),
  );
  return new Response(body + tools, { headers: { "Content-Type": contentType } });
});
