import { browseQuerySchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { browse } from "@/lib/dlq/browse";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { params: envParams, query: browseQuerySchema, permission: "read" },
  async ({ params, query }) => {
    const ctx = await dlqContext(params.env);
    const { dlq, cursor, limit, ...filter } = query;
    return browse(ctx.src, await resolveDlq(ctx, dlq), filter, cursor, limit ?? 50);
  },
);
