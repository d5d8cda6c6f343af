import { envParams, incidentListQuery } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, query: incidentListQuery }, async ({ params, query }) => {
  const incidents = await incidentsFor(params.env);
  return query.streams.length > 0 || query.consumers.length > 0
    ? incidents.about(query)
    : incidents.list({ state: query.state, limit: query.limit, offset: Number(query.cursor ?? 0) });
});
