import { z } from "zod";
import { envParams } from "@/lib/dto/params";
import { listAudit } from "@/lib/audit/list-audit";
import { dlqContext } from "@/lib/dlq/context";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute(
  {
    params: envParams,
    query: z.object({
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    permission: "read",
  },
  async ({ params, query }) => {
    const ctx = await dlqContext(params.env);
    return listAudit(ctx.src, query.limit ?? 100, query.before);
  },
);
