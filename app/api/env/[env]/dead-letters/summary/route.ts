import { browseQuerySchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: browseQuerySchema, permission: "read" },
  ({ params, query }) => deadLetters(params.env).summary(query),
);
