import { entryParams } from "@/lib/dto/dead-letter-params";
import { dlqContext, resolveDlq } from "@/lib/dlq/context";
import { readEntry } from "@/lib/dlq/entry-detail";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole payload as a download; never rendered inline (application/octet-stream, nosniff). */
export const GET = apiRoute({ params: entryParams, permission: "read" }, async ({ params }) => {
  const ctx = await dlqContext(params.env);
  const dlq = await resolveDlq(ctx, params.dlq);
  const msg = await readEntry(ctx.src.jsm, dlq, params.seq);
  return new Response(Buffer.from(msg.data), {
    headers: {
      "content-type": "application/octet-stream",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${dlq}-${params.seq}.bin"`,
    },
  });
});
