import { getFindingsPage } from "@/lib/collector/queries";
import { findingsQuery } from "@/lib/dto/estate";
import { envParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A page of the environment's findings, worst first (`limit`, `cursor`). */
export const GET = apiRoute({ params: envParams, query: findingsQuery }, ({ params, query }) =>
  getFindingsPage(params.env, query),
);
