import { collectorFor } from "@/lib/collector/registry";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { overviewEventStream } from "@/lib/http/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One Server-Sent Events stream per browser tab: an `overview` event after every poll. */
export const GET = apiRoute({ params: envParams }, ({ params, request }) =>
  overviewEventStream(collectorFor(params.env), request.signal),
);
