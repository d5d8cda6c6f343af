// One DLQ entry by sequence: headers and a payload preview (the download route serves the whole payload), masked
// unless revealed.
import "server-only";
import { PAYLOAD_PREVIEW_BYTES, type DeadLetterDetail } from "@/lib/dto/dead-letters";
import { discloseMessage, MASKED, type Disclosure } from "@/lib/masking/for-actor";
import { headerPairs, originHeadersFor, readEntry, toEntry, withMarks, type Source } from "@/lib/dlq/entries";

export async function entryDetail(
  src: Source,
  dlq: string,
  seq: number,
  disclosure: Disclosure = MASKED,
): Promise<DeadLetterDetail> {
  const msg = await readEntry(src.jsm, dlq, seq);
  const names = originHeadersFor(src.originHeaders, dlq);
  const entry = toEntry(
    dlq,
    { seq: msg.seq, subject: msg.subject, time: msg.time.toISOString(), header: msg.header, data: msg.data },
    names,
    src.keyRules,
  );
  await withMarks(src.jsm, [entry]);
  // Masked whole before the preview is cut, so a secret cannot straddle the cut.
  const shown = discloseMessage({ data: msg.data, headers: headerPairs(msg.header) }, disclosure);
  if (shown.revealed) entry.origin.reason = msg.header?.get(names.reason) || null;
  const data = shown.data ?? new Uint8Array();
  const truncated = data.length > PAYLOAD_PREVIEW_BYTES;
  return {
    ...entry,
    headers: shown.headers,
    payloadBase64: Buffer.from(truncated ? data.subarray(0, PAYLOAD_PREVIEW_BYTES) : data).toString("base64"),
    truncated,
    masking: { masked: shown.masked, revealed: shown.revealed, withheld: shown.withheld },
    originHeaderNames: names,
  };
}
