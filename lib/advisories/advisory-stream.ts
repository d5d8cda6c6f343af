// The JetStream stream that keeps consumer advisories (core NATS messages, lost when nobody listens;
// docs/architecture.md §6).
// One module owns it: dead-letter capture, queue-health counts and traces all read from here.
import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { createFittedStream } from "@/lib/nats/fit-stream";

export const ADVISORY_STREAM = "SWITCHYARD_ADVISORIES";

export const ADVISORY_SUBJECTS = {
  maxDeliveries: "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.*.*",
  terminated: "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.*.*",
  naked: "$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.*.*",
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export function advisoryStreamConfig(): Partial<StreamConfig> & { name: string } {
  return {
    name: ADVISORY_STREAM,
    description: "Consumer advisories (max deliveries, terminated, naked) kept by Switchyard",
    subjects: Object.values(ADVISORY_SUBJECTS),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(7 * DAY_MS),
  };
}

/** Default byte limit of the advisory stream (`advisoryStreamMaxBytes`), at most an eighth of the account's storage. */
export const DEFAULT_ADVISORY_STREAM_BYTES = 1024 * 1024 * 1024;
const ACCOUNT_SHARE = 1 / 8;

/**
 * Creates the advisory stream when it is missing, sized to fit the account (lib/nats/fit-stream.ts); leaves an
 * existing one (and its operator's edits) alone.
 */
export async function ensureAdvisoryStream(jsm: JetStreamManager, maxBytes?: number): Promise<void> {
  await createFittedStream(jsm, advisoryStreamConfig(), {
    wantBytes: maxBytes ?? DEFAULT_ADVISORY_STREAM_BYTES,
    accountShare: ACCOUNT_SHARE,
  });
}
