// Which streams count as dead-letter queues: configured ones, plus names that say so (DLQ, dead-letter).
const LOOKS_LIKE_DLQ = /(^|[^a-z])dlq([^a-z]|$)|dead[-_ ]?letter/i;

export function isDeadLetterStream(name: string, configured: readonly string[]): boolean {
  return configured.includes(name) || LOOKS_LIKE_DLQ.test(name);
}
