import { getOverview } from "@/lib/collector/queries";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams }, async ({ params }) => {
  const overview = await getOverview(params.env);
  return {
    environment: overview.environment,
    polledAt: overview.poll.polledAt,
    stale: overview.poll.stale,
    findings: overview.findings,
  };
});
