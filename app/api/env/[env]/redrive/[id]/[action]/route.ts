import { z } from "zod";
import { jobParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { params: jobParams.extend({ action: z.enum(["cancel", "pause", "resume"]) }), permission: "operate" },
  ({ params, actor }) => deadLetters(params.env).controlJob(params.id, params.action, actor),
);
