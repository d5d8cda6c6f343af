// Header names the simulated agent system puts on its messages (and Switchyard reads back).
export const HEADERS = {
  conversationId: "Conversation-Id",
  requestId: "Request-Id",
  tool: "Tool",
  traceparent: "traceparent",
} as const;

/** Origin headers of a dead-letter entry (ARCHITECTURE §7): never the server's own Nats-* names. */
export const DLQ_HEADERS = {
  stream: "X-Dlq-Stream",
  subject: "X-Dlq-Subject",
  seq: "X-Dlq-Seq",
  consumer: "X-Dlq-Consumer",
  deliveries: "X-Dlq-Deliveries",
  reason: "X-Dlq-Reason",
  time: "X-Dlq-Time",
} as const;
