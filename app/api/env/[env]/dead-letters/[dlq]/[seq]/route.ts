import { entryParams } from "@/lib/dto/dead-letter-params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { entryDetail } from "@/lib/dlq/entry-detail";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: entryParams, permission: "read" }, async ({ params }) => {
  const ctx = await dlqContext(params.env);
  return entryDetail(ctx.src, await resolveDlq(ctx, params.dlq), params.seq);
});
