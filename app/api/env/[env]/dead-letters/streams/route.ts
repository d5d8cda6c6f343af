import { envParams } from "@/lib/dto/params";
import { dlqContext, deadLetterStreams } from "@/lib/dlq/context";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, permission: "read" }, async ({ params }) => ({
  streams: await deadLetterStreams(await dlqContext(params.env)),
}));
