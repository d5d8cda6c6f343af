import { browseQuerySchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: browseQuerySchema, permission: "read" },
  async ({ params, query }) => {
    const { dlq, body } = await deadLetters(params.env).exportNdjson(query);
    return new Response(body, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${dlq}-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson"`,
      },
    });
  },
);
