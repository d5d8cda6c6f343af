import { entryParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: entryParams, permission: "read" }, ({ params }) =>
  deadLetters(params.env).entry(params.dlq, params.seq),
);
