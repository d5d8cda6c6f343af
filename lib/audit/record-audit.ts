// The one audit writer: stores a record and waits for its PubAck, so an action is never reported as audited when
// it was not.
import { jetstream, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { auditRecordSchema, type AuditEntry, type AuditRecord } from "@/lib/dto/audit";
import { AUDIT_STREAM, AUDIT_SUBJECT_PREFIX, ensureAuditStream } from "./audit-stream";

export type AuditSink = { nc: NatsConnection; jsm: JetStreamManager };

/** Publishes one record and waits for the PubAck; throws (503 when NATS is down) if it was not stored. */
export async function recordAudit(sink: AuditSink, entry: AuditEntry): Promise<AuditRecord> {
  const record = auditRecordSchema.parse({
    ...entry,
    id: crypto.randomUUID(),
    time: new Date().toISOString(),
  });
  await ensureAuditStream(sink.jsm);
  await jetstream(sink.nc).publish(`${AUDIT_SUBJECT_PREFIX}.${record.action}`, JSON.stringify(record), {
    msgID: record.id,
    expect: { streamName: AUDIT_STREAM },
    timeout: 3000,
  });
  return record;
}

/** For events that must not block the user (sign-in, sign-out): logged to stderr when it cannot be stored. */
export async function recordAuditBestEffort(
  sink: () => Promise<AuditSink>,
  entry: AuditEntry,
): Promise<void> {
  try {
    await recordAudit(await sink(), entry);
  } catch (error) {
    console.error(
      `[audit] could not store ${entry.action} for ${entry.user} from ${entry.address ?? "?"}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
