import { browseQuerySchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { summarize } from "@/lib/dlq/summary";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: browseQuerySchema, permission: "read" },
  async ({ params, query }) => {
    const ctx = await dlqContext(params.env);
    const { dlq, cursor: _cursor, limit: _limit, ...filter } = query;
    return summarize(ctx.src, await resolveDlq(ctx, dlq), filter);
  },
);
