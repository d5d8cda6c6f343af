import { jobParams } from "@/lib/dto/dead-letter-params";
import { inDoubtRequestSchema } from "@/lib/dto/dead-letters";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A job's in-doubt entries: `send` publishes them again, `mark` records them as redriven without sending. */
export const POST = apiRoute(
  { params: jobParams, body: inDoubtRequestSchema, permission: "operate" },
  ({ params, body, actor }) => deadLetters(params.env).resolveInDoubt(params.id, body, actor),
);
