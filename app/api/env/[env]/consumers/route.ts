import { getConsumerPage } from "@/lib/collector/queries";
import { consumerListQuery } from "@/lib/dto/estate";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One page of application consumer rows, of the estate or one `stream` (`limit`, `cursor`, `sort`, `filter`). */
export const GET = apiRoute({ params: envParams, query: consumerListQuery }, ({ params, query }) =>
  getConsumerPage(params.env, query),
);
