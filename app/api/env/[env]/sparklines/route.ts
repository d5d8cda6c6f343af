import { getSparklines } from "@/lib/collector/queries";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams }, ({ params }) => getSparklines(params.env));
