import { silenceRequestSchema } from "@/lib/dto/incidents";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams }, async ({ params }) => ({
  silences: (await incidentsFor(params.env)).silences(),
}));

export const POST = apiRoute(
  { params: envParams, body: silenceRequestSchema, permission: "operate" },
  async ({ params, body, actor }) => (await incidentsFor(params.env)).silence(body, actor),
);
