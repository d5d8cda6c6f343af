// Reads one DLQ entry by sequence; a missing one is a 404 that says why it may be gone.
import "server-only";
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StoredMsg,
} from "@nats-io/jetstream";
import { AppError } from "@/lib/core/errors";
import { toAppError } from "@/lib/nats/errors";

export async function readEntry(jsm: JetStreamManager, dlq: string, seq: number): Promise<StoredMsg> {
  let msg: StoredMsg | null;
  try {
    msg = await jsm.streams.getMessage(dlq, { seq });
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.NoMessageFound) msg = null;
    else throw toAppError(error, { stream: dlq });
  }
  if (!msg) throw new AppError("not_found", `entry ${seq} is not in ${dlq} (redriven, discarded or expired)`);
  return msg;
}
