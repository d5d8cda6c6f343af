import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The channels (URLs masked) and their recent deliveries, newest first. */
export const GET = apiRoute({ params: envParams }, async ({ params }) =>
  (await incidentsFor(params.env)).deliveryLog(),
);
