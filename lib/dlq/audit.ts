// The audit log: one JSON record per redrive, edit, discard and cancel, in the SWITCHYARD_AUDIT stream.
import { JetStreamApiCodes, JetStreamApiError, jetstream, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";
import type { AuditRecord } from "@/lib/dto/dead-letters";
import { readRange } from "./stream-reader";

export const AUDIT_STREAM = "SWITCHYARD_AUDIT";
const DAY_MS = 24 * 60 * 60 * 1000;

export async function ensureAuditStream(jsm: JetStreamManager): Promise<void> {
  try {
    await jsm.streams.info(AUDIT_STREAM);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add({ name: AUDIT_STREAM, description: "Switchyard audit log (redrive, edit, discard, cancel)", subjects: ["switchyard.audit.>"], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: nanos(365 * DAY_MS) });
  }
}

export async function recordAudit(nc: NatsConnection, jsm: JetStreamManager, record: Omit<AuditRecord, "id" | "time">): Promise<void> {
  await ensureAuditStream(jsm);
  const full: AuditRecord = { id: crypto.randomUUID(), time: new Date().toISOString(), ...record };
  await jetstream(nc).publish(`switchyard.audit.${record.action}`, JSON.stringify(full), { msgID: full.id });
}

/** Newest first: up to `limit` records older than `before` (a stream sequence). */
export async function listAudit(nc: NatsConnection, jsm: JetStreamManager, apiPrefix: string, limit = 100, before?: number): Promise<{ records: (AuditRecord & { seq: number })[]; nextBefore: number | null }> {
  await ensureAuditStream(jsm);
  const info = await jsm.streams.info(AUDIT_STREAM);
  const end = Math.min(before ?? info.state.last_seq + 1, info.state.last_seq + 1);
  const start = Math.max(info.state.first_seq, end - limit);
  const records: (AuditRecord & { seq: number })[] = [];
  const decoder = new TextDecoder();
  await readRange(nc, apiPrefix, { stream: AUDIT_STREAM, startSeq: start, endSeq: end }, (msg) => {
    try {
      records.push({ ...(JSON.parse(decoder.decode(msg.data)) as AuditRecord), seq: msg.seq });
    } catch {
      // not ours: skip
    }
  });
  return { records: records.reverse(), nextBefore: start > info.state.first_seq ? start : null };
}
