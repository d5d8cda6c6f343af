import { getSummary } from "@/lib/collector/queries";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The estate summary: totals, findings, the worst streams and consumers (rows are in /streams, /consumers). */
export const GET = apiRoute({ params: envParams }, ({ params }) => getSummary(params.env));
