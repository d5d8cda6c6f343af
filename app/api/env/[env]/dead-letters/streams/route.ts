import { envParams } from "@/lib/dto/params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: envParams, permission: "read" }, async ({ params }) => ({
  streams: await deadLetters(params.env).streams(),
}));
