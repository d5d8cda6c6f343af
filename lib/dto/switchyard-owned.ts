// What Switchyard itself keeps on a NATS account, told apart from the application's streams and consumers.

/**
 * Consumers Switchyard creates to read streams (trace tails, subject feeds) are named with this prefix, so
 * consumers-per-subject and "no consumer reads this subject" count the application's readers only.
 */
export const OWN_CONSUMER_PREFIX = "switchyard_";

export function isOwnConsumer(name: string): boolean {
  return name.startsWith(OWN_CONSUMER_PREFIX);
}

/** Switchyard's own streams: history, advisories, dead letters, trace tap, audit, and its KV buckets' streams. */
export function isOwnStream(name: string): boolean {
  return /^(KV_)?SWITCHYARD_/.test(name);
}

/** The trace tap: headers-only copies of work-queue messages (lib/traces/tap-stream.ts sets it up). */
export const TAP_STREAM = "SWITCHYARD_TRACE_TAP";
export const TAP_PREFIX = "switchyard.tap";
export const tapSubjectPrefix = (stream: string) => `${TAP_PREFIX}.${stream}`;
