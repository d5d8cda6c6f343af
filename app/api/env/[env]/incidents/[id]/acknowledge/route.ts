import { acknowledgeRequestSchema } from "@/lib/dto/incidents";
import { incidentParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { params: incidentParams, body: acknowledgeRequestSchema, permission: "operate" },
  async ({ params, body, actor }) =>
    (await incidentsFor(params.env)).acknowledge(params.id, actor, body?.note),
);
