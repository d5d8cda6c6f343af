// Header names shared by the simulator, dead-letter capture/redrive and traces (one definition, browser-safe).

/** Headers the agent system puts on its messages. */
export const HEADERS = {
  conversationId: "Conversation-Id",
  requestId: "Request-Id",
  tool: "Tool",
  traceparent: "traceparent",
} as const;

/** Origin headers of a dead-letter entry (docs/architecture.md §7): never the server's own Nats-* names. */
export const DLQ_HEADERS = {
  stream: "X-Dlq-Stream",
  subject: "X-Dlq-Subject",
  seq: "X-Dlq-Seq",
  consumer: "X-Dlq-Consumer",
  deliveries: "X-Dlq-Deliveries",
  reason: "X-Dlq-Reason",
  time: "X-Dlq-Time",
  /**
   * "true" when the original was gone (limits, deleted) by the time it was captured: the entry keeps only its
   * origin.
   */
  payloadLost: "X-Dlq-Payload-Lost",
  /** With payloadLost: the original's size in bytes, as the trace tap recorded it. */
  originalSize: "X-Dlq-Original-Size",
} as const;

/** Headers a redrive puts on the message it republishes (docs/architecture.md §8). */
export const REDRIVE_HEADERS = {
  /** How many times this message has been redriven (loop guard). */
  count: "X-Redrive-Count",
  /** The redrive job that republished it: a message that dead-letters again is traced back to its job (auto-pause). */
  job: "X-Redrive-Job",
} as const;

/** Nats-Msg-Id of a dead-letter copy, and of a redriven message. */
export const deadLetterMsgId = (stream: string, seq: number) => `${stream}:${seq}`;
/**
 * The first redrive of an entry is `redrive:<dlq>:<seq>`; an entry that was kept and is redriven again gets
 * `redrive-<n>:<dlq>:<seq>` for its n-th redrive, so the target's duplicate window does not swallow the new copy.
 */
export const redriveMsgId = (dlqStream: string, seq: number, round = 1) =>
  `${round > 1 ? `redrive-${round}` : "redrive"}:${dlqStream}:${seq}`;

/**
 * The dead-letter entry (and redrive round) a redriven message came from, read back from its redriveMsgId;
 * null otherwise.
 */
export function parseRedriveMsgId(
  msgId: string | null | undefined,
): { stream: string; seq: number; round: number } | null {
  const match = /^redrive(?:-(\d+))?:(.+):(\d+)$/.exec(msgId ?? "");
  if (!match) return null;
  const seq = Number(match[3]);
  const round = match[1] ? Number(match[1]) : 1;
  return seq > 0 && round >= 1 ? { stream: match[2]!, seq, round } : null;
}
