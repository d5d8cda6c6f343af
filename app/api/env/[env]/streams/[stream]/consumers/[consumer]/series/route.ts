import { getConsumerSeries } from "@/lib/collector/queries";
import { consumerParams, consumerSeriesQuery } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: consumerParams, query: consumerSeriesQuery }, ({ params, query }) =>
  getConsumerSeries(params.env, params.stream, params.consumer, query.metric, query.range),
);
