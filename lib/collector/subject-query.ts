// On-demand per-subject depth for one stream with a caller's filter (the stream page), refusing filters that
// would make the server sort millions of subjects (docs/architecture.md §3).
import "server-only";
import type { SubjectDepth } from "@/lib/dto/overview";
import { AppError } from "@/lib/core/errors";
import { consumersReading, subjectsOverlap } from "@/lib/core/subjects";
import { environmentConnection } from "@/lib/nats/registry";
import type { Page, SubjectsQuery } from "@/lib/dto/estate";
import { paged } from "./estate-views";
import { getStream } from "./queries";
import { fetchSubjectDepths } from "./subject-depths";

export const MAX_SUBJECTS_ON_DEMAND = 10_000;

/** A page of the subjects matching `filter`, deepest first. */
export type SubjectQueryResult = Page<SubjectDepth> & { filter: string };

export async function querySubjects(
  environment: string,
  streamName: string,
  query: SubjectsQuery,
): Promise<SubjectQueryResult> {
  const { filter } = query;
  const { stream } = await getStream(environment, streamName);
  if (!stream.subjects.some((s) => subjectsOverlap(s, filter))) {
    throw new AppError(
      "invalid_input",
      `filter: ${JSON.stringify(filter)} matches none of the stream's subjects (${stream.subjects.join(", ")})`,
    );
  }
  const whole = stream.subjects.some((s) => filter === s) || filter === ">";
  if (whole && (stream.subjectCount ?? 0) > MAX_SUBJECTS_ON_DEMAND) {
    throw new AppError(
      "invalid_input",
      `filter: the stream has ${stream.subjectCount} subjects; narrow the filter (for example ${stream.subjects[0]?.replace(">", "*")})`,
    );
  }
  const connection = environmentConnection(environment);
  const depths = await fetchSubjectDepths(
    connection.connection(),
    connection.apiPrefix(),
    streamName,
    filter,
    { requests: 0 },
  );
  const filters = stream.consumers.filter((c) => !c.internal).map((c) => c.filterSubjects);
  const all = Object.entries(depths).map(([subject, messages]) => ({
    subject,
    messages,
    consumers: consumersReading(subject, filters),
  }));
  all.sort((a, b) => b.messages - a.messages || a.subject.localeCompare(b.subject));
  return { filter, ...paged(all, query, all.length, null) };
}
