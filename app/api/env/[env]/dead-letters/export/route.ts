import { browseQuerySchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { exportNdjson } from "@/lib/dlq/export";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: browseQuerySchema, permission: "read" },
  async ({ params, query }) => {
    const ctx = await dlqContext(params.env);
    const { dlq, cursor: _cursor, limit: _limit, ...filter } = query;
    const stream = await resolveDlq(ctx, dlq);
    return new Response(exportNdjson(ctx.src, stream, filter), {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${stream}-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson"`,
      },
    });
  },
);
