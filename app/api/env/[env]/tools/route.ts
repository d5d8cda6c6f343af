import { envParams } from "@/lib/dto/params";
import { toolListQuery } from "@/lib/dto/tools";
import { apiRoute } from "@/lib/http/route";
import { getTools } from "@/lib/tools/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One row per tool: rates, latency percentiles, outcomes, duplicates, and the consumers' backlog. */
export const GET = apiRoute({ params: envParams, query: toolListQuery }, ({ params, query }) =>
  getTools(params.env, query),
);
