import { withAuditedReveal } from "@/lib/audit/audited-reveal";
import { entryParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The unmasked entry (payload preview and headers), for operators; audited before it is sent. */
export const POST = apiRoute({ params: entryParams, permission: "operate" }, ({ params, actor }) =>
  withAuditedReveal(
    params.env,
    actor,
    (disclosure) => deadLetters(params.env).entry(params.dlq, params.seq, disclosure),
    (entry) => ({ stream: entry.dlqStream, seq: entry.seq, subject: entry.dlqSubject }),
  ),
);
