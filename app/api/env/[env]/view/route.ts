import { getLiveView } from "@/lib/collector/queries";
import { liveViewQuery } from "@/lib/dto/live-view";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * What the `view` event of `GET …/events` would carry for the same query, answered at once: a page that changes
 * its view (another page of a stream's consumers) shows the new rows without waiting for its new event stream.
 */
export const GET = apiRoute(
  {
    params: envParams,
    query: liveViewQuery.refine((q) => q.view !== "summary", {
      message: "view must be streams, stream or consumer (the summary is GET …/overview)",
      path: ["view"],
    }),
  },
  ({ params, query }) => getLiveView(params.env, query),
);
