// Switchyard's own dead-letter stream: its name, subject scheme and idempotent provisioning.
// Entry subject: switchyard.dlq.<reason>.<stream>.<consumer>.<original subject>, so filters by reason,
// origin stream, consumer and original subject (with wildcards) are server-side subject filters.
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { createFittedStream } from "@/lib/nats/fit-stream";

export const OWN_DLQ_STREAM = "SWITCHYARD_DLQ";
export const OWN_DLQ_PREFIX = "switchyard.dlq";

export type CaptureReason = "max_deliveries" | "terminated";

export function ownEntrySubject(
  reason: CaptureReason,
  stream: string,
  consumer: string,
  originalSubject: string,
): string {
  return `${OWN_DLQ_PREFIX}.${reason}.${stream}.${consumer}.${originalSubject}`;
}

/** The subject filter of SWITCHYARD_DLQ that selects entries by any of these (others stay wildcards). */
export function ownEntryFilter(f: {
  reason?: string;
  stream?: string;
  consumer?: string;
  subject?: string;
}): string {
  return `${OWN_DLQ_PREFIX}.${f.reason || "*"}.${f.stream || "*"}.${f.consumer || "*"}.${f.subject || ">"}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function ownDlqStreamConfig(
  storage: StorageType = StorageType.File,
): Partial<StreamConfig> & { name: string } {
  return {
    name: OWN_DLQ_STREAM,
    description:
      "Dead letters captured by Switchyard from max-deliveries and terminated advisories (origin in X-Dlq-* headers)",
    subjects: [`${OWN_DLQ_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    storage,
    max_age: nanos(30 * DAY_MS),
    // Capture retries within this window are de-duplicated by Nats-Msg-Id <stream>:<seq>.
    duplicate_window: nanos(DAY_MS),
  };
}

/**
 * Creates SWITCHYARD_DLQ when missing: no byte limit by default (`deadLetterStreamMaxBytes` sets one), but at most
 * a quarter of the account's storage when the account has a limit (lib/nats/fit-stream.ts).
 */
export async function ensureOwnDlqStream(jsm: JetStreamManager, maxBytes?: number): Promise<void> {
  await createFittedStream(jsm, ownDlqStreamConfig(), { wantBytes: maxBytes, accountShare: 1 / 4 });
}
