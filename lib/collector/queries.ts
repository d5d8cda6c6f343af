// Read-side queries over the collector's latest view, used by API routes and server components alike.
import "server-only";
import type { Overview, StreamSummary } from "@/lib/dto/overview";
import { AppError } from "@/lib/http/app-error";
import { collectorFor } from "./registry";

const FIRST_POLL_WAIT_MS = 3000;

async function readyCollector(environment: string) {
  const collector = collectorFor(environment);
  await Promise.race([collector.ready(), new Promise((resolve) => setTimeout(resolve, FIRST_POLL_WAIT_MS))]);
  return collector;
}

export async function getOverview(environment: string): Promise<Overview> {
  return (await readyCollector(environment)).latest();
}

/** One stream from the latest poll; polls once more before answering 404 for a stream created since. */
export async function getStream(environment: string, name: string): Promise<{ overview: Overview; stream: StreamSummary }> {
  const collector = await readyCollector(environment);
  let overview = collector.latest();
  let stream = overview.streams.find((s) => s.name === name);
  if (!stream && !overview.poll.stale) {
    await collector.tick();
    overview = collector.latest();
    stream = overview.streams.find((s) => s.name === name);
  }
  if (stream) return { overview, stream };
  if (overview.poll.stale && !overview.poll.polledAt) throw new AppError("nats_unavailable", overview.poll.error ?? "NATS unreachable");
  throw new AppError("stream_not_found", `stream ${JSON.stringify(name)} not found in environment ${JSON.stringify(environment)}`);
}
