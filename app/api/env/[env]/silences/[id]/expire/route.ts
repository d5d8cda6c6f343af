import { silenceParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { incidentsFor } from "@/lib/incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute({ params: silenceParams, permission: "operate" }, async ({ params, actor }) =>
  (await incidentsFor(params.env)).unsilence(params.id, actor),
);
