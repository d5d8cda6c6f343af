// What the trace tap recorded of a message that is gone from its work queue (terminated, acked): its subject,
// application headers and size, found by binary search over the tap (its copies of one stream are in that stream's
// sequence order), about log2(tap size) gets.
import type { JetStreamManager, MsgRequest, StoredMsg } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import { TAP_STREAM, tapSubjectPrefix } from "@/lib/dto/switchyard-owned";

export type TapRecord = { subject: string; header: MsgHdrs; size: number };

async function nextCopy(jsm: JetStreamManager, filter: string, from: number): Promise<StoredMsg | null> {
  // STREAM.MSG.GET takes next_by_subj (nats-server 2.9 too); nats.js only types it for direct gets.
  const query = { seq: from, next_by_subj: filter } as unknown as MsgRequest;
  return jsm.streams.getMessage(TAP_STREAM, query).catch(() => null);
}

/** The tap's record of `stream` #`seq`, or null (no tap, the stream is not tapped, or the copy aged out). */
export async function findInTap(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
): Promise<TapRecord | null> {
  const info = await jsm.streams.info(TAP_STREAM).catch(() => null);
  if (!info || info.state.messages === 0) return null;
  const filter = `${tapSubjectPrefix(stream)}.>`;
  let lo = info.state.first_seq;
  let hi = info.state.last_seq;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const copy = await nextCopy(jsm, filter, mid);
    const copied = Number(copy?.header?.get("Nats-Sequence"));
    if (!copy || !Number.isInteger(copied) || copied > seq) hi = mid - 1;
    else if (copied < seq) lo = copy.seq + 1;
    else
      return {
        subject: copy.header.get("Nats-Subject") || copy.subject.slice(filter.length - 1),
        header: copy.header,
        size: Number(copy.header.get("Nats-Msg-Size")) || 0,
      };
  }
  return null;
}
