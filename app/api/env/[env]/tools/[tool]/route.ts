import { toolParams } from "@/lib/dto/tools";
import { apiRoute } from "@/lib/http/route";
import { getTool } from "@/lib/tools/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: toolParams }, ({ params }) => getTool(params.env, params.tool));
