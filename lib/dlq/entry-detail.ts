// One DLQ entry by sequence: headers and a payload preview (the download route serves the whole payload).
import "server-only";
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StoredMsg,
} from "@nats-io/jetstream";
import { PAYLOAD_PREVIEW_BYTES, type DeadLetterDetail } from "@/lib/dto/dead-letters";
import { AppError } from "@/lib/core/errors";
import { toAppError } from "@/lib/nats/errors";
import { headerPairs, toEntry } from "./entry";
import type { Source } from "./browse";
import { originHeadersFor } from "./origin-headers";
import { withMarks } from "./redrive-marks";

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

export async function entryDetail(src: Source, dlq: string, seq: number): Promise<DeadLetterDetail> {
  const msg = await readEntry(src.jsm, dlq, seq);
  const entry = toEntry(
    dlq,
    { seq: msg.seq, subject: msg.subject, time: msg.time.toISOString(), header: msg.header, data: msg.data },
    originHeadersFor(src.originHeaders, dlq),
  );
  await withMarks(src.jsm, [entry]);
  const truncated = msg.data.length > PAYLOAD_PREVIEW_BYTES;
  return {
    ...entry,
    headers: headerPairs(msg.header).filter(([name]) => name !== "Nats-Msg-Id" || true),
    payloadBase64: Buffer.from(truncated ? msg.data.subarray(0, PAYLOAD_PREVIEW_BYTES) : msg.data).toString(
      "base64",
    ),
    truncated,
  };
}
