import { editRedriveSchema } from "@/lib/dto/dead-letters";
import { entryParams } from "@/lib/dto/dead-letter-params";
import { deadLetters } from "@/lib/dlq";
import { apiRoute } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Single-entry edit and redrive (payloads up to 5 MiB; base64 grows them by a third). */
export const POST = apiRoute(
  { params: entryParams, body: editRedriveSchema, permission: "operate", maxBodyBytes: 8 * 1024 * 1024 },
  ({ params, body, actor }) => deadLetters(params.env).editAndRedrive(params.dlq, params.seq, body, actor),
);
