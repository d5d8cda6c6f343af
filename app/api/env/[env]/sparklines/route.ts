import { getSparklines } from "@/lib/collector/queries";
import { envParams, shownRowsQuery } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The last 15 minutes of the named streams' in-rates and consumers' backlogs (the rows a table shows). */
export const GET = apiRoute({ params: envParams, query: shownRowsQuery }, ({ params, query }) =>
  getSparklines(params.env, query),
);
