import { incidentListQuery } from "@/lib/dto/incidents";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, query: incidentListQuery }, async ({ params, query }) =>
  (await incidentsFor(params.env)).list(query.state),
);
