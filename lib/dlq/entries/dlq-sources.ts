// Which streams of an environment hold dead letters: Switchyard's own, configured ones, and names that say so.
import type { JetStreamManager } from "@nats-io/jetstream";
import { isDeadLetterStream } from "@/lib/dto/dead-letter-streams";
import type { DeadLetterStreamInfo } from "@/lib/dto/dead-letters";
import { ADVISORY_STREAM } from "@/lib/advisories/advisory-stream";
import { OWN_DLQ_STREAM } from "./dlq-stream";

export async function listDeadLetterStreams(
  jsm: JetStreamManager,
  configured: readonly string[],
): Promise<DeadLetterStreamInfo[]> {
  const found: DeadLetterStreamInfo[] = [];
  for await (const info of jsm.streams.list()) {
    const name = info.config.name;
    const own = name === OWN_DLQ_STREAM;
    if (name === ADVISORY_STREAM || (!own && !isDeadLetterStream(name, configured))) continue;
    found.push({
      name,
      own,
      messages: info.state.messages,
      bytes: info.state.bytes,
      subjects: info.config.subjects ?? [],
    });
  }
  return found.sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name));
}

/** Names of the application-written DLQ streams (everything above except Switchyard's own). */
export async function appDeadLetterStreams(
  jsm: JetStreamManager,
  configured: readonly string[],
): Promise<string[]> {
  return (await listDeadLetterStreams(jsm, configured)).filter((s) => !s.own).map((s) => s.name);
}
