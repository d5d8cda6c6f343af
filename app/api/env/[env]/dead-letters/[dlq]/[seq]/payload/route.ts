import { entryParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole payload as a download; never rendered inline (application/octet-stream, nosniff). */
export const GET = apiRoute({ params: entryParams, permission: "read" }, async ({ params }) => {
  const { dlq, data } = await deadLetters(params.env).payload(params.dlq, params.seq);
  return new Response(Buffer.from(data), {
    headers: {
      "content-type": "application/octet-stream",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${dlq}-${params.seq}.bin"`,
    },
  });
});
