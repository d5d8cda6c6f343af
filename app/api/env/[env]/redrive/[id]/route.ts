import { jobParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: jobParams, permission: "read" }, ({ params }) =>
  deadLetters(params.env).job(params.id),
);
