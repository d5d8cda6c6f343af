import { environmentAuditSink } from "@/lib/audit/environment-audit";
import { recordAudit } from "@/lib/audit/record-audit";
import { messageParams } from "@/lib/dto/message";
import { apiRoute } from "@/lib/http/route";
import { readMessage } from "@/lib/messages/read-message";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The unmasked message, for operators; the audit record is stored before the payload is sent. */
export const POST = apiRoute({ params: messageParams, permission: "operate" }, async ({ params, actor }) => {
  const view = await readMessage(params.env, params.stream, params.seq, true);
  await recordAudit(await environmentAuditSink(params.env), {
    user: actor.user,
    address: actor.address,
    action: "reveal",
    result: "ok",
    detail: { environment: params.env, stream: params.stream, seq: params.seq, subject: view.subject },
  });
  return view;
});
