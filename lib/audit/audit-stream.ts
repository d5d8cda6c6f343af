// SWITCHYARD_AUDIT: the stream every audit record lives in (a subject per action), created once per connection.
import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";

export const AUDIT_STREAM = "SWITCHYARD_AUDIT";
export const AUDIT_SUBJECT_PREFIX = "switchyard.audit";

export function auditStreamConfig(): Partial<StreamConfig> & { name: string } {
  return {
    name: AUDIT_STREAM,
    description: "Switchyard audit log: sign-ins, payload reveals and operator actions",
    subjects: [`${AUDIT_SUBJECT_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(90 * 24 * 60 * 60 * 1000),
    max_bytes: 256 * 1024 * 1024,
  };
}

const ensured = new WeakSet<JetStreamManager>();

export async function ensureAuditStream(jsm: JetStreamManager): Promise<void> {
  if (ensured.has(jsm)) return;
  await createStreamIfMissing(jsm, auditStreamConfig());
  ensured.add(jsm);
}
