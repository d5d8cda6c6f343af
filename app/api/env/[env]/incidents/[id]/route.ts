import { incidentParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: incidentParams }, async ({ params }) =>
  (await incidentsFor(params.env)).get(params.id),
);
