import { collectorFor } from "@/lib/collector/registry";
import { liveEvents } from "@/lib/collector/queries";
import { liveViewQuery } from "@/lib/dto/live-view";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";
import { liveEventStream } from "@/lib/http/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * One Server-Sent Events stream per browser tab, sized to its view: a `summary` event and, for `?view=streams|
 * stream|consumer`, a `view` event with the rows it shows; after each poll only the events whose data changed.
 */
export const GET = apiRoute({ params: envParams, query: liveViewQuery }, ({ params, query, request }) =>
  liveEventStream(collectorFor(params.env), liveEvents(query), request.signal),
);
