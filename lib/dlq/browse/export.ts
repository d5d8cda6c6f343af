// NDJSON export of every entry matching a filter (newest first), streamed so memory stays flat.
import "server-only";
import type { DeadLetterFilter } from "@/lib/dto/dead-letters";
import { dlqStreamInfo, walkNewestFirst, type Source } from "@/lib/dlq/entries";

export const EXPORT_MAX = 100_000;

export function exportNdjson(src: Source, dlq: string, filter: DeadLetterFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      try {
        const info = await dlqStreamInfo(src.jsm, dlq);
        let n = 0;
        await walkNewestFirst(
          src,
          info,
          filter,
          info.state.last_seq + 1,
          (entry, data) => {
            controller.enqueue(
              encoder.encode(
                `${JSON.stringify({ ...entry, payloadBase64: Buffer.from(data).toString("base64") })}\n`,
              ),
            );
            return ++n < EXPORT_MAX;
          },
          { scanCap: Number.MAX_SAFE_INTEGER, payload: true },
        );
      } catch (error) {
        controller.enqueue(
          encoder.encode(
            `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
          ),
        );
      }
      controller.close();
    },
  });
}
