import { querySubjects } from "@/lib/collector/subject-query";
import { streamParams, subjectsQuery } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stored messages per subject matching `filter`, with how many consumers read each. */
export const GET = apiRoute({ params: streamParams, query: subjectsQuery }, ({ params, query }) =>
  querySubjects(params.env, params.stream, query.filter),
);
