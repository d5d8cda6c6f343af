// The trace tap: work-queue streams cannot be tailed by a consumer, so they republish headers-only copies
// here (docs/architecture.md §9).
// nats-server refuses non-explicit-ack or overlapping consumers on a work-queue stream, and 2.9 cannot add
// RePublish to an
// existing stream; a stream created with `tapRepublish(name)` gets every stored message's headers (with Nats-Stream,
// Nats-Sequence, Nats-Subject, Nats-Msg-Size) copied into SWITCHYARD_TRACE_TAP, which Switchyard tails and
// keeps bounded.
import {
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type Republish,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { createStreamIfMissing } from "@/lib/nats/ensure-stream";

import { TAP_PREFIX, TAP_STREAM, tapSubjectPrefix } from "@/lib/dto/switchyard-owned";

export { TAP_PREFIX, TAP_STREAM, tapSubjectPrefix };

/** The RePublish setting that feeds a stream's headers into the tap. */
export function tapRepublish(stream: string): Republish {
  return { src: ">", dest: `${tapSubjectPrefix(stream)}.>`, headers_only: true };
}

export function isTapRepublish(stream: string, republish: Republish | undefined): boolean {
  return !!republish?.headers_only && republish.dest === `${tapSubjectPrefix(stream)}.>`;
}

export function tapStreamConfig(
  maxAgeMs = 24 * 60 * 60 * 1000,
  maxMsgs = 2_000_000,
): Partial<StreamConfig> & { name: string } {
  return {
    name: TAP_STREAM,
    description: "Headers-only copies of work-queue messages, kept by Switchyard for conversation traces",
    subjects: [`${TAP_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(maxAgeMs),
    max_msgs: maxMsgs,
  };
}

/** Creates the tap stream when missing; leaves an existing one (and its operator's edits) alone. */
export async function ensureTapStream(
  jsm: JetStreamManager,
  maxAgeMs?: number,
  maxMsgs?: number,
): Promise<void> {
  await createStreamIfMissing(jsm, tapStreamConfig(maxAgeMs, maxMsgs));
}
