// NDJSON export of every entry matching a filter (newest first), streamed so memory stays flat; payloads masked
// (an export is never a reveal).
import "server-only";
import { discloseMessage } from "@/lib/masking/for-actor";
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
            const shown = discloseMessage({ data });
            const line = {
              ...entry,
              payloadBase64: Buffer.from(shown.data ?? new Uint8Array()).toString("base64"),
              masking: { masked: shown.masked, revealed: false, withheld: shown.withheld },
            };
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
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
