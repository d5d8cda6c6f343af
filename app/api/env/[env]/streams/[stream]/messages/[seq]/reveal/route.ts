import { withAuditedReveal } from "@/lib/audit/audited-reveal";
import { messageParams } from "@/lib/dto/message";
import { apiRoute } from "@/lib/http/route";
import { readMessage } from "@/lib/messages/read-message";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The unmasked message, for operators; the audit record is stored before the payload is sent. */
export const POST = apiRoute({ params: messageParams, permission: "operate" }, ({ params, actor }) =>
  withAuditedReveal(
    params.env,
    actor,
    (disclosure) => readMessage(params.env, params.stream, params.seq, disclosure),
    (view) => ({ stream: params.stream, seq: params.seq, subject: view.subject }),
  ),
);
