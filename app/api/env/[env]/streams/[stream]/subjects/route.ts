import { querySubjects } from "@/lib/collector/subject-query";
import { subjectsQuery } from "@/lib/dto/estate";
import { streamParams } from "@/lib/dto/params";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A page of stored messages per subject matching `filter`, deepest first, with how many consumers read each. */
export const GET = apiRoute({ params: streamParams, query: subjectsQuery }, ({ params, query }) =>
  querySubjects(params.env, params.stream, query),
);
