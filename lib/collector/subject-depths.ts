// Stored messages per subject (docs/architecture.md §3): STREAM.INFO with a subjects filter, only for streams with
// a bounded subject count, only when the stream changed, and at most once per refresh interval per stream.
import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamInfo } from "@nats-io/jetstream";
import { jsApiRequest, type ApiCounter } from "@/lib/nats/jetstream-api";

export const MAX_SUBJECTS_IN_LOOP = 100;
const REFRESH_MS = 30_000;

type Entry = { lastSeq: number; messages: number; at: number; depths: Record<string, number> };

export async function fetchSubjectDepths(
  nc: NatsConnection,
  prefix: string,
  stream: string,
  filter: string,
  counter: ApiCounter,
): Promise<Record<string, number>> {
  const info = await jsApiRequest<{ state: { subjects?: Record<string, number> } }>(
    nc,
    prefix,
    `STREAM.INFO.${stream}`,
    { subjects_filter: filter },
    counter,
  );
  return info.state.subjects ?? {};
}

export class SubjectDepthTracker {
  private readonly cache = new Map<string, Entry>();

  /** Depths per subject for the streams cheap enough to ask about; other streams are absent from the map. */
  async refresh(
    nc: NatsConnection,
    prefix: string,
    streams: StreamInfo[],
    counter: ApiCounter,
    now: number,
  ): Promise<Map<string, Record<string, number>>> {
    const result = new Map<string, Record<string, number>>();
    const live = new Set<string>();
    await Promise.all(
      streams.map(async (si) => {
        const name = si.config.name;
        const count = si.state.num_subjects ?? Number.POSITIVE_INFINITY;
        if (count > MAX_SUBJECTS_IN_LOOP) return;
        live.add(name);
        const cached = this.cache.get(name);
        const unchanged =
          cached && cached.lastSeq === si.state.last_seq && cached.messages === si.state.messages;
        if (cached && (unchanged || now - cached.at < REFRESH_MS)) {
          result.set(name, cached.depths);
          return;
        }
        if (si.state.messages === 0) {
          this.cache.set(name, { lastSeq: si.state.last_seq, messages: 0, at: now, depths: {} });
          result.set(name, {});
          return;
        }
        try {
          const depths = await fetchSubjectDepths(nc, prefix, name, ">", counter);
          this.cache.set(name, { lastSeq: si.state.last_seq, messages: si.state.messages, at: now, depths });
          result.set(name, depths);
        } catch {
          if (cached) result.set(name, cached.depths);
        }
      }),
    );
    for (const name of this.cache.keys()) if (!live.has(name)) this.cache.delete(name);
    return result;
  }
}
