// Placeholders and help text taken from the environment's own streams and consumers, never the demo's names: the
// first work-queue stream (else any stream) that is not Switchyard's own or a DLQ, one of its consumers, a subject.
import { isDeadLetterStream } from "./dead-letter-streams";
import type { StreamSummary } from "./overview";
import { isOwnConsumer, isOwnStream } from "./switchyard-owned";

export type FilterExamples = { stream: string; subject: string; subjectPattern: string; consumer: string };

export const GENERIC_EXAMPLES: FilterExamples = {
  stream: "STREAM",
  subject: "orders.created",
  subjectPattern: "orders.*",
  consumer: "consumer",
};

export function filterExamples(
  streams: readonly Pick<StreamSummary, "name" | "subjects" | "retention" | "consumers">[],
): FilterExamples {
  const candidates = streams.filter((s) => !isOwnStream(s.name) && !isDeadLetterStream(s.name, []));
  const stream = candidates.find((s) => s.retention === "workqueue") ?? candidates[0];
  if (!stream) return GENERIC_EXAMPLES;
  const pattern = stream.subjects[0] ?? GENERIC_EXAMPLES.subjectPattern;
  const consumer = stream.consumers.find((c) => !isOwnConsumer(c.name));
  const filter = consumer?.filterSubjects[0];
  const subject = (
    filter && !/[*>]/.test(filter) ? filter : pattern.replace(/\.>$|\.\*$/, ".example")
  ).replace(/[*>]/g, "example");
  return {
    stream: stream.name,
    subject,
    subjectPattern: pattern.replace(/>$/, "*"),
    consumer: consumer?.name ?? GENERIC_EXAMPLES.consumer,
  };
}
