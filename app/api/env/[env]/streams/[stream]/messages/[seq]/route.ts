import { messageParams } from "@/lib/dto/message";
import { apiRoute } from "@/lib/http/route";
import { readMessage } from "@/lib/messages/read-message";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One stored message by sequence, payload and headers masked by the configured rules. */
export const GET = apiRoute({ params: messageParams }, ({ params }) =>
  readMessage(params.env, params.stream, params.seq),
);
