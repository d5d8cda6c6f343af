import { getStream } from "@/lib/collector/queries";
import { streamParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * One stream without its consumers (a stream can have thousands): `consumerCount` says how many, and
 * `GET …/consumers?stream=` pages them.
 */
export const GET = apiRoute({ params: streamParams }, async ({ params }) => {
  const { consumers: _consumers, ...stream } = (await getStream(params.env, params.stream)).stream;
  return stream;
});
