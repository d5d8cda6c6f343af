import { withAuditedReveal } from "@/lib/audit/audited-reveal";
import { entryParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function download(dlq: string, seq: number, data: Uint8Array, revealed: boolean): Response {
  return new Response(Buffer.from(data), {
    headers: {
      "content-type": "application/octet-stream",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${dlq}-${seq}${revealed ? "" : "-masked"}.bin"`,
    },
  });
}

/** The whole payload, masked, as a download; never rendered inline (application/octet-stream, nosniff). */
export const GET = apiRoute({ params: entryParams, permission: "read" }, async ({ params }) => {
  const { dlq, data } = await deadLetters(params.env).payload(params.dlq, params.seq);
  return download(dlq, params.seq, data, false);
});

/** The whole original payload, for operators: a reveal, audited before the bytes are sent. */
export const POST = apiRoute({ params: entryParams, permission: "operate" }, async ({ params, actor }) => {
  const { dlq, data } = await withAuditedReveal(
    params.env,
    actor,
    (disclosure) => deadLetters(params.env).payload(params.dlq, params.seq, disclosure),
    (payload) => ({ stream: payload.dlq, seq: params.seq, subject: payload.subject, download: true }),
  );
  return download(dlq, params.seq, data, true);
});
