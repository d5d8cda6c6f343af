import { getStreamSeries } from "@/lib/collector/queries";
import { streamParams, streamSeriesQuery } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: streamParams, query: streamSeriesQuery }, ({ params, query }) =>
  getStreamSeries(params.env, params.stream, query.metric, query.range),
);
