import { getStream } from "@/lib/collector/queries";
import { streamParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: streamParams },
  async ({ params }) => (await getStream(params.env, params.stream)).stream,
);
