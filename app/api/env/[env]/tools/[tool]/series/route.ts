import { toolParams, toolSeriesQuery } from "@/lib/dto/tools";
import { apiRoute } from "@/lib/http/route";
import { getToolSeries } from "@/lib/tools/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: toolParams, query: toolSeriesQuery }, ({ params, query }) =>
  getToolSeries(params.env, params.tool, query.metric, query.range),
);
