import { getStreamPage } from "@/lib/collector/queries";
import { streamListQuery } from "@/lib/dto/estate";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One page of stream rows, filtered and sorted on the server (`limit`, `cursor`, `sort`, `filter`, `open`). */
export const GET = apiRoute({ params: envParams, query: streamListQuery }, ({ params, query }) =>
  getStreamPage(params.env, query),
);
