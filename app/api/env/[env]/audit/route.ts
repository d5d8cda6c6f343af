import { z } from "zod";
import { envParams } from "@/lib/dto/params";
import { environmentAudit } from "@/lib/audit/environment-audit";
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
  ({ params, query, actor }) => environmentAudit(params.env, query.limit ?? 100, query.before, actor.role),
);
