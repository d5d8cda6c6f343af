import { discardRequestSchema } from "@/lib/dto/dead-letters";
import { envParams } from "@/lib/dto/params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { discard } from "@/lib/dlq/discard";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { params: envParams, body: discardRequestSchema, permission: "operate" },
  async ({ params, body, actor }) => {
    const ctx = await dlqContext(params.env);
    return discard(
      ctx.src,
      await ctx.store(),
      await resolveDlq(ctx, body.dlq),
      body.selection,
      body.confirmCount,
      actor,
    );
  },
);
