import { discardRequestSchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { params: envParams, body: discardRequestSchema, permission: "operate" },
  ({ params, body, actor }) => deadLetters(params.env).discard(body, actor),
);
