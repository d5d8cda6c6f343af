// One DLQ entry by sequence: headers and a payload preview (the download route serves the whole payload).
import "server-only";
import { PAYLOAD_PREVIEW_BYTES, type DeadLetterDetail } from "@/lib/dto/dead-letters";
import { headerPairs, originHeadersFor, readEntry, toEntry, withMarks, type Source } from "@/lib/dlq/entries";

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
