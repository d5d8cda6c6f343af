// The one audit reader: newest first, in pages by stream sequence; records stored in the two earlier shapes still read.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { auditRecordSchema, type AuditPage, type AuditRecord } from "@/lib/dto/audit";
import { readRange } from "@/lib/nats/stream-reader";
import { AUDIT_STREAM, ensureAuditStream } from "./audit-stream";

type Raw = Record<string, unknown>;

/**
 * Before one schema there were two writers: dead-letter actions stored `actor` and a `detail` sentence; identity
 * events stored `user` and a `detail` object with neither id nor result. Both map onto today's record.
 */
function upgrade(raw: Raw, seq: number): Raw {
  const legacyAction = typeof raw.actor === "string" && raw.user === undefined;
  const upgraded: Raw = legacyAction
    ? { ...raw, user: raw.actor, note: typeof raw.detail === "string" ? raw.detail : undefined, detail: {} }
    : { ...raw };
  upgraded.id ??= `audit-${seq}`;
  upgraded.result ??= raw.action === "signin_failed" ? "failed" : "ok";
  return upgraded;
}

export function readAuditRecord(raw: unknown, seq: number): AuditRecord | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const parsed = auditRecordSchema.safeParse(upgrade(raw as Raw, seq));
  return parsed.success ? parsed.data : undefined;
}

/** Newest first: up to `limit` records older than `before` (a stream sequence). */
export async function listAudit(
  src: { nc: NatsConnection; jsm: JetStreamManager; apiPrefix: string },
  limit = 100,
  before?: number,
): Promise<AuditPage> {
  await ensureAuditStream(src.jsm);
  const info = await src.jsm.streams.info(AUDIT_STREAM);
  const end = Math.min(before ?? info.state.last_seq + 1, info.state.last_seq + 1);
  const start = Math.max(info.state.first_seq, end - limit);
  const records: AuditPage["records"] = [];
  const decoder = new TextDecoder();
  await readRange(src.nc, src.apiPrefix, { stream: AUDIT_STREAM, startSeq: start, endSeq: end }, (msg) => {
    try {
      const record = readAuditRecord(JSON.parse(decoder.decode(msg.data)), msg.seq);
      if (record) records.push({ ...record, seq: msg.seq });
    } catch {
      // not JSON: not a record
    }
  });
  return { records: records.reverse(), nextBefore: start > info.state.first_seq ? start : null };
}
