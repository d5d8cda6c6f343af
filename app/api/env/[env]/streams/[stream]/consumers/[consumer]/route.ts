import { getConsumer } from "@/lib/collector/queries";
import { consumerParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: consumerParams },
  async ({ params }) => (await getConsumer(params.env, params.stream, params.consumer)).consumer,
);
