// Looks in a target stream for the Nats-Msg-Ids a redrive published since a known sequence: the proof that work in
// flight at a NATS restart was (or was not) delivered, when the server's de-duplication memory cannot be trusted.
import { RetentionPolicy, type JetStreamManager, type MsgRequest } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { readRange } from "@/lib/nats/stream-reader";

export type TargetScan = {
  /** Redrive Nats-Msg-Ids found after `afterSeq`. */
  ids: Set<string>;
  /**
   * True when every message stored after `afterSeq` was still there to be looked at (no gap: nothing consumed,
   * deleted or discarded since), so an id not found was never delivered.
   */
  complete: boolean;
};

/** Beyond this many messages a scan stops and says it is incomplete (what it could not see stays in doubt). */
export const MAX_SCAN = 500_000;

export async function scanTarget(
  nc: NatsConnection,
  jsm: JetStreamManager,
  apiPrefix: string,
  stream: string,
  afterSeq: number,
  idPrefix: string,
): Promise<TargetScan> {
  const info = await jsm.streams.info(stream);
  const last = info.state.last_seq;
  const ids = new Set<string>();
  if (last <= afterSeq) return { ids, complete: true };
  if (last - afterSeq > MAX_SCAN) return { ids, complete: false };
  let seen = 0;
  const take = (seq: number, id: string | undefined) => {
    if (seq > last) return;
    seen++;
    if (id?.startsWith(idPrefix)) ids.add(id);
  };
  if (info.config.retention === RetentionPolicy.Limits) {
    // Headers only, through an ack-less consumer: nothing is consumed.
    await readRange(
      nc,
      apiPrefix,
      { stream, startSeq: afterSeq + 1, endSeq: last + 1, headersOnly: true, batch: 5000 },
      (m) => take(m.seq, m.header?.get("Nats-Msg-Id")),
    );
  } else {
    // Work-queue and interest streams refuse (or would be changed by) another consumer: walk them by gets.
    let seq = afterSeq + 1;
    while (seq <= last) {
      const query = { seq, next_by_subj: ">" } as unknown as MsgRequest;
      const m = await jsm.streams.getMessage(stream, query);
      if (!m) break;
      take(m.seq, m.header?.get("Nats-Msg-Id"));
      seq = m.seq + 1;
    }
  }
  return { ids, complete: seen === last - afterSeq };
}
